package org.margindesk.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a suite was told by the service, written down the moment it was told, in a file that
 * outlives the service (and this process): acknowledged snapshots, calls with their deadlines,
 * tasks with the status they were left in. A line is appended and flushed per fact, so a fact
 * acknowledged just before a kill -9 is on disk.
 */
final class Ledger {
  record Call(String id, String account, Instant deadline, String state) {}

  private final Path file;

  Ledger(Path file) {
    this.file = file;
  }

  synchronized void ack(String eventId) {
    append("ack\t" + eventId);
  }

  synchronized void call(String id, String account, Instant deadline, String state) {
    append("call\t" + id + "\t" + account + "\t" + deadline + "\t" + state);
  }

  synchronized void task(String id, String status) {
    append("task\t" + id + "\t" + status);
  }

  Set<String> acks() {
    Set<String> acks = new LinkedHashSet<>();
    for (String[] line : lines()) {
      if (line[0].equals("ack")) {
        acks.add(line[1]);
      }
    }
    return acks;
  }

  /** By call id; the first deadline written is the original one. */
  Map<String, Call> calls() {
    Map<String, Call> calls = new LinkedHashMap<>();
    for (String[] line : lines()) {
      if (line[0].equals("call")) {
        calls.putIfAbsent(line[1], new Call(line[1], line[2], Instant.parse(line[3]), line[4]));
      }
    }
    return calls;
  }

  /** By task id; the latest status written. */
  Map<String, String> tasks() {
    Map<String, String> tasks = new LinkedHashMap<>();
    for (String[] line : lines()) {
      if (line[0].equals("task")) {
        tasks.put(line[1], line[2]);
      }
    }
    return tasks;
  }

  private List<String[]> lines() {
    if (!Files.exists(file)) {
      return List.of();
    }
    try {
      List<String[]> lines = new ArrayList<>();
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          lines.add(line.split("\t"));
        }
      }
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void append(String line) {
    try {
      Files.writeString(
          file,
          line + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND,
          StandardOpenOption.SYNC);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
