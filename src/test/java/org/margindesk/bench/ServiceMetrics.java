package org.margindesk.bench;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The few figures the report takes from the service's Prometheus page (/q/metrics). */
record ServiceMetrics(
    double heapUsed,
    double heapMax,
    double gcPauses,
    double gcPauseSeconds,
    double gcLongestRecentPause,
    Set<String> collectors,
    double callsOpen) {

  private static final Pattern COLLECTOR = Pattern.compile("gc=\"([^\"]*)\"");

  static ServiceMetrics parse(String text) {
    double used = 0;
    double max = 0;
    double pauses = 0;
    double pauseSeconds = 0;
    double longest = 0;
    Set<String> collectors = new TreeSet<>();
    double open = Double.NaN;
    for (String line : text.split("\n")) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      double value;
      try {
        value = Double.parseDouble(line.substring(space + 1));
      } catch (NumberFormatException e) {
        continue;
      }
      boolean heap = line.contains("area=\"heap\"");
      if (line.startsWith("jvm_memory_used_bytes{") && heap) {
        used += value;
      } else if (line.startsWith("jvm_memory_max_bytes{") && heap && value > 0) {
        max += value;
      } else if (line.startsWith("jvm_gc_pause_seconds_count{")) {
        pauses += value;
        Matcher collector = COLLECTOR.matcher(line);
        if (collector.find()) {
          collectors.add(collector.group(1));
        }
      } else if (line.startsWith("jvm_gc_pause_seconds_sum{")) {
        pauseSeconds += value;
      } else if (line.startsWith("jvm_gc_pause_seconds_max{")) {
        longest = Math.max(longest, value);
      } else if (line.startsWith("margindesk_calls_open ")
          || line.startsWith("margindesk_calls_open{")) {
        open = Double.isNaN(open) ? value : open + value;
      }
    }
    return new ServiceMetrics(used, max, pauses, pauseSeconds, longest, collectors, open);
  }

  String heap() {
    return String.format(
        Locale.ROOT, "%.0f MiB used of %.0f MiB max", heapUsed / 1048576, heapMax / 1048576);
  }

  /** Micrometer keeps a pause timer's maximum over its last two minutes or so, hence "recent". */
  String gc() {
    return String.format(
        Locale.ROOT,
        "%.0f pauses since start, %.2f s in total; the longest of the last minutes %.0f ms; %s",
        gcPauses,
        gcPauseSeconds,
        gcLongestRecentPause * 1000,
        String.join(", ", collectors));
  }
}
