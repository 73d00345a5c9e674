package org.margindesk.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a durable commit costs on this disk, whatever PostgreSQL's settings: {@code writes} appends
 * of 8 KiB (one WAL page), each followed by fdatasync ({@code FileChannel.force(false)}), from
 * {@code clients} threads, each on its own file in {@code dir}.
 */
final class DiskFloor {
  private DiskFloor() {}

  static Duration measure(Path dir, int writes, int clients) throws Exception {
    Files.createDirectories(dir);
    List<FileChannel> files = new ArrayList<>();
    List<Path> paths = new ArrayList<>();
    List<Together.Worker> workers = new ArrayList<>();
    AtomicInteger next = new AtomicInteger();
    try {
      for (int i = 0; i < clients; i++) {
        Path path = dir.resolve("disk-floor-" + i + ".bin");
        paths.add(path);
        FileChannel file =
            FileChannel.open(
                path,
                StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        files.add(file);
        workers.add(
            () -> {
              ByteBuffer page = ByteBuffer.allocate(8192);
              while (next.getAndIncrement() < writes) {
                page.clear();
                while (page.hasRemaining()) {
                  file.write(page);
                }
                file.force(false);
              }
            });
      }
      return Together.time(workers);
    } finally {
      for (FileChannel f : files) {
        f.close();
      }
      for (Path p : paths) {
        deleteQuietly(p);
      }
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // a scratch file under target/ is harmless
    }
  }
}
