package org.margindesk.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
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
    List<Thread> threads = new ArrayList<>();
    List<Exception> failures = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch start = new CountDownLatch(1);
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
        threads.add(
            new Thread(
                () -> {
                  ByteBuffer page = ByteBuffer.allocate(8192);
                  try {
                    start.await();
                    while (next.getAndIncrement() < writes) {
                      page.clear();
                      while (page.hasRemaining()) {
                        file.write(page);
                      }
                      file.force(false);
                    }
                  } catch (Exception e) {
                    failures.add(e);
                  }
                }));
      }
      threads.forEach(Thread::start);
      long started = System.nanoTime();
      start.countDown();
      for (Thread t : threads) {
        t.join();
      }
      long took = System.nanoTime() - started;
      if (!failures.isEmpty()) {
        throw failures.get(0);
      }
      return Duration.ofNanos(took);
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
