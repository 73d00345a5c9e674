package org.margindesk.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;

/** Percentiles (nearest rank) and the report's number formats. */
final class Stats {
  private Stats() {}

  /** A distribution of seconds. */
  record Summary(int n, double p50, double p90, double p99, double max) {
    static final Summary EMPTY = new Summary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    String p50p99max() {
      return n == 0 ? "—" : s(p50) + " / " + s(p99) + " / " + s(max);
    }

    String p50p90p99max() {
      return n == 0 ? "—" : s(p50) + " / " + s(p90) + " / " + s(p99) + " / " + s(max);
    }

    String msP50p99max() {
      return n == 0 ? "—" : ms(p50) + " / " + ms(p99) + " / " + ms(max);
    }
  }

  static Summary of(Collection<Double> seconds) {
    if (seconds.isEmpty()) {
      return Summary.EMPTY;
    }
    double[] sorted = seconds.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return new Summary(
        sorted.length,
        percentile(sorted, 50),
        percentile(sorted, 90),
        percentile(sorted, 99),
        sorted[sorted.length - 1]);
  }

  /** Nearest rank: the smallest value with at least p% of the values at or below it. */
  static double percentile(double[] sorted, double p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  static double[] sorted(Collection<Double> values) {
    double[] array = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(array);
    return array;
  }

  static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }

  /** Seconds with 2 decimals and a unit, or "—" for NaN. */
  static String s(double seconds) {
    return Double.isNaN(seconds) ? "—" : String.format(Locale.ROOT, "%.2f s", seconds);
  }

  /** Milliseconds with 1 decimal and a unit. */
  static String ms(double seconds) {
    return Double.isNaN(seconds) ? "—" : String.format(Locale.ROOT, "%.1f ms", seconds * 1000);
  }

  static String rate(int items, double seconds) {
    return String.format(Locale.ROOT, "%,.0f/s", items / seconds);
  }

  static String num(double value, String pattern) {
    return String.format(Locale.ROOT, pattern, value);
  }
}
