package org.margindesk.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the service's heap holds after a full collection, from {@code jcmd <pid> GC.class_histogram}
 * (which collects first and counts live objects only). The soak's heap floor (the lowest sample of
 * a window) still counts old garbage that no collection has reclaimed yet; this is what a leak
 * shows in, class by class.
 */
final class LiveHeap {
  private static final Pattern ROW = Pattern.compile("\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+).*");
  private static final Pattern TOTAL = Pattern.compile("Total\\s+(\\d+)\\s+(\\d+)");

  /** One class's live instances and bytes. */
  record Count(long instances, long bytes) {}

  final long totalBytes;
  final Map<String, Count> byClass;

  private LiveHeap(long totalBytes, Map<String, Count> byClass) {
    this.totalBytes = totalBytes;
    this.byClass = byClass;
  }

  /** Takes the histogram of the JVM with this pid (the service runs on this machine). */
  static LiveHeap of(long pid) throws IOException, InterruptedException {
    Process jcmd =
        new ProcessBuilder("jcmd", Long.toString(pid), "GC.class_histogram")
            .redirectErrorStream(true)
            .start();
    String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!jcmd.waitFor(2, TimeUnit.MINUTES) || jcmd.exitValue() != 0) {
      throw new IOException("jcmd " + pid + " GC.class_histogram failed: " + out);
    }
    return parse(out);
  }

  static LiveHeap parse(String histogram) {
    Map<String, Count> byClass = new HashMap<>();
    long total = 0;
    for (String line : histogram.split("\n")) {
      Matcher row = ROW.matcher(line);
      Matcher sum = TOTAL.matcher(line);
      if (row.matches()) {
        byClass.merge(
            row.group(3),
            new Count(Long.parseLong(row.group(1)), Long.parseLong(row.group(2))),
            (a, b) -> new Count(a.instances + b.instances, a.bytes + b.bytes));
      } else if (sum.find()) {
        total = Long.parseLong(sum.group(2));
      }
    }
    return new LiveHeap(total, byClass);
  }

  double mib() {
    return totalBytes / (1024.0 * 1024.0);
  }

  /** The classes that grew most from {@code before} to this, in bytes, as table rows. */
  String growth(LiveHeap before, int top) {
    List<Map.Entry<String, Count>> grown = new ArrayList<>(byClass.entrySet());
    grown.sort(
        (a, b) ->
            Long.compare(
                b.getValue().bytes - before.bytesOf(b.getKey()),
                a.getValue().bytes - before.bytesOf(a.getKey())));
    StringBuilder out =
        new StringBuilder("| class | instances before → after | bytes before → after |\n");
    out.append("|---|---|---|\n");
    for (Map.Entry<String, Count> entry : grown.subList(0, Math.min(top, grown.size()))) {
      Count was = before.byClass.getOrDefault(entry.getKey(), new Count(0, 0));
      Count now = entry.getValue();
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %,d → %,d | %,d → %,d |%n",
              entry.getKey(),
              was.instances,
              now.instances,
              was.bytes,
              now.bytes));
    }
    return out.toString();
  }

  private long bytesOf(String type) {
    Count count = byClass.get(type);
    return count == null ? 0 : count.bytes;
  }
}
