package org.margindesk.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** One window of a soak run: what was sent and answered in it, and the service's figures. */
final class SoakWindow {
  private static final double MIB = 1024 * 1024;

  private final int index;
  private final List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong calls = new AtomicLong();
  private final Map<String, Integer> errors = new ConcurrentHashMap<>();
  private final AtomicInteger behind = new AtomicInteger();
  private final List<ServiceMetrics> samples = new ArrayList<>();
  // Taken on another thread at the window's end, so the feed does not stop for the collection.
  private volatile LiveHeap live;

  SoakWindow(int index) {
    this.index = index;
  }

  void answered(long nanos, List<ServiceClient.Answer> answers) {
    latencies.add(nanos / 1e9);
    for (ServiceClient.Answer answer : answers) {
      if (answer.accepted()) {
        accepted.incrementAndGet();
        if (answer.marginCallId() != null && "MARGIN_CALL".equals(answer.assessment())) {
          calls.incrementAndGet();
        }
      } else {
        errors.merge(String.valueOf(answer.status()), 1, Integer::sum);
      }
    }
  }

  void failed(Exception e) {
    errors.merge(e.getClass().getSimpleName(), 1, Integer::sum);
  }

  void behind() {
    behind.incrementAndGet();
  }

  void sample(ServiceMetrics metrics) {
    samples.add(metrics);
  }

  void live(LiveHeap heap) {
    live = heap;
  }

  LiveHeap live() {
    return live;
  }

  private String liveMiB() {
    LiveHeap heap = live;
    return heap == null ? "?" : String.format(Locale.ROOT, "%.1f MiB", heap.mib());
  }

  boolean clean() {
    return errors.isEmpty();
  }

  /** The lowest heap of the window's samples: about what survives garbage collection. */
  double heapFloorMiB() {
    return samples.stream().mapToDouble(ServiceMetrics::heapUsed).min().orElse(Double.NaN) / MIB;
  }

  Stats.Summary latency() {
    return Stats.of(new ArrayList<>(latencies));
  }

  String line() {
    Stats.Summary l = latency();
    ServiceMetrics last = samples.isEmpty() ? null : samples.get(samples.size() - 1);
    return String.format(
        Locale.ROOT,
        "window %2d: %8d accepted (%5d breaches with a call) | batch p50 %s p99 %s max %s |"
            + " heap floor %4.0f MiB (live after a full GC: %s) | GC %.1f s total | open calls %s | behind %d | errors %s",
        index,
        accepted.get(),
        calls.get(),
        Stats.ms(l.p50()),
        Stats.ms(l.p99()),
        Stats.ms(l.max()),
        heapFloorMiB(),
        liveMiB(),
        last == null ? Double.NaN : last.gcPauseSeconds(),
        last == null || Double.isNaN(last.callsOpen())
            ? "?"
            : String.format("%.0f", last.callsOpen()),
        behind.get(),
        errors.isEmpty() ? "none" : errors);
  }

  private static final List<String> COLUMNS =
      List.of(
          "window",
          "accepted",
          "batch p50",
          "p99",
          "max",
          "heap floor",
          "live heap",
          "behind",
          "errors");

  /** The window's row: the same cells for the printed table and the TSV file. */
  private List<String> cells() {
    Stats.Summary l = latency();
    return List.of(
        String.valueOf(index),
        String.valueOf(accepted.get()),
        Stats.ms(l.p50()),
        Stats.ms(l.p99()),
        Stats.ms(l.max()),
        String.format(Locale.ROOT, "%.0f MiB", heapFloorMiB()),
        liveMiB(),
        String.valueOf(behind.get()),
        errors.isEmpty() ? "none" : errors.toString());
  }

  static String table(List<SoakWindow> windows) {
    StringBuilder out =
        new StringBuilder("\n| ").append(String.join(" | ", COLUMNS)).append(" |\n");
    out.append("|---".repeat(COLUMNS.size())).append("|\n");
    windows.forEach(w -> out.append("| ").append(String.join(" | ", w.cells())).append(" |\n"));
    return out.toString();
  }

  /**
   * First full window against the last full one (the last window may be a short tail): how much the
   * heap floor and the batch latency moved over the run.
   */
  static String verdict(List<SoakWindow> windows) {
    List<SoakWindow> full = windows.size() > 2 ? windows.subList(0, windows.size() - 1) : windows;
    if (full.size() < 2) {
      return "too short for a trend: at least three windows are needed";
    }
    SoakWindow first = full.get(1); // window 0 holds the JIT warm-up
    SoakWindow last = full.get(full.size() - 1);
    String trend =
        String.format(
            Locale.ROOT,
            "trend from window %d to %d: heap floor %.0f → %.0f MiB (%+.0f MiB); batch p50 %s → %s,"
                + " p99 %s → %s",
            first.index,
            last.index,
            first.heapFloorMiB(),
            last.heapFloorMiB(),
            last.heapFloorMiB() - first.heapFloorMiB(),
            Stats.ms(first.latency().p50()),
            Stats.ms(last.latency().p50()),
            Stats.ms(first.latency().p99()),
            Stats.ms(last.latency().p99()));
    if (first.live == null || last.live == null) {
      return trend;
    }
    return trend
        + String.format(
            Locale.ROOT,
            "; live heap after a full GC %.1f → %.1f MiB (%+.1f MiB)%n%nthe classes that grew most"
                + " from window %d to %d:%n%n%s",
            first.live.mib(),
            last.live.mib(),
            last.live.mib() - first.live.mib(),
            first.index,
            last.index,
            last.live.growth(first.live, 10));
  }

  static String tsv(List<SoakWindow> windows) {
    StringBuilder out = new StringBuilder(String.join("\t", COLUMNS)).append('\n');
    windows.forEach(w -> out.append(String.join("\t", w.cells())).append('\n'));
    return out.toString();
  }

  /** {@code --name value} pairs. */
  static Map<String, String> options(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
      }
      options.put(args[i].substring(2), args[i + 1]);
    }
    return options;
  }
}
