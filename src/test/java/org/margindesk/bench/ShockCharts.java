package org.margindesk.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The shock's two PNG charts (XChart, headless). */
final class ShockCharts {
  private static final int BINS = 40;

  private ShockCharts() {}

  /**
   * Writes {@code <prefix>-restricted.png} and {@code <prefix>-latency.png} into {@code dir}.
   *
   * @param stampName what the stamped series is called (it depends on the gateway)
   */
  static List<Path> write(
      ShockRun.Result r, Report.Floor floor, String stampName, Path dir, String prefix)
      throws IOException {
    Path over = dir.resolve(prefix + "-restricted.png");
    Path hist = dir.resolve(prefix + "-latency.png");
    overTime(r, floor, stampName, over);
    histogram(r, stampName, hist);
    return List.of(over, hist);
  }

  private static void overTime(ShockRun.Result r, Report.Floor floor, String stampName, Path file)
      throws IOException {
    XYChart chart =
        new XYChartBuilder()
            .width(1000)
            .height(560)
            .title(
                String.format(
                    Locale.ROOT,
                    "%s: %,d breaches, accounts restricted since the first request",
                    r.label(),
                    r.size()))
            .xAxisTitle("seconds since the shock's first request")
            .yAxisTitle("accounts")
            .build();
    chart.getStyler().setLegendPosition(LegendPosition.InsideSE);
    chart.getStyler().setYAxisTickMarkSpacingHint(60);
    chart.getStyler().setYAxisDecimalPattern("#,##0");
    chart.getStyler().setXAxisDecimalPattern("0.#");
    step(chart, stampName, r.stamped().values());
    step(chart, "observed restricted (conservative)", r.observed().values());
    step(chart, "breach answered (its batch's answer)", r.answered().values());
    marker(
        chart,
        String.format(
            Locale.ROOT,
            "floor: %,d single-row commits, %.2f s",
            floor.tx(),
            Stats.seconds(floor.server())),
        Stats.seconds(floor.server()),
        r.size());
    marker(
        chart,
        String.format(
            Locale.ROOT,
            "disk: %,d fdatasync'd appends, %.2f s",
            floor.tx(),
            Stats.seconds(floor.disk())),
        Stats.seconds(floor.disk()),
        r.size());
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapFormat.PNG);
  }

  /** A vertical line at {@code x} from 0 to {@code height}. */
  private static void marker(XYChart chart, String name, double x, double height) {
    XYSeries series = chart.addSeries(name, new double[] {x, x}, new double[] {0, height});
    series.setMarker(SeriesMarkers.NONE);
    series.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
  }

  private static void step(XYChart chart, String name, Collection<Double> values) {
    double[] sorted = Stats.sorted(values);
    double[] x = new double[sorted.length + 1];
    double[] y = new double[sorted.length + 1];
    for (int i = 0; i < sorted.length; i++) {
      x[i + 1] = sorted[i];
      y[i + 1] = i + 1;
    }
    XYSeries series = chart.addSeries(name + " (" + sorted.length + ")", x, y);
    series.setMarker(SeriesMarkers.NONE);
    series.setXYSeriesRenderStyle(XYSeriesRenderStyle.Step);
  }

  private static void histogram(ShockRun.Result r, String stampName, Path file) throws IOException {
    XYChart chart =
        new XYChartBuilder()
            .width(1000)
            .height(560)
            .title(
                String.format(
                    Locale.ROOT,
                    "%s: breach -> restriction, seconds since the first request (%,d accounts)",
                    r.label(),
                    r.size()))
            .xAxisTitle("seconds since the shock's first request")
            .yAxisTitle("accounts per bin")
            .build();
    chart.getStyler().setLegendPosition(LegendPosition.InsideNE);
    chart.getStyler().setXAxisDecimalPattern("0.0");
    chart.getStyler().setYAxisDecimalPattern("#,##0");
    double max = 0;
    for (double v : r.observed().values()) {
      max = Math.max(max, v);
    }
    for (double v : r.stamped().values()) {
      max = Math.max(max, v);
    }
    double width = max <= 0 ? 1 : max / BINS;
    bins(chart, stampName, r.stamped().values(), width);
    bins(chart, "observed restricted (conservative)", r.observed().values(), width);
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapFormat.PNG);
  }

  private static void bins(XYChart chart, String name, Collection<Double> values, double width) {
    double[] counts = new double[BINS + 1];
    for (double v : values) {
      counts[Math.min(BINS, (int) Math.floor(v / width))]++;
    }
    double[] x = new double[BINS + 2];
    double[] y = new double[BINS + 2];
    for (int i = 0; i <= BINS; i++) {
      x[i] = i * width;
      y[i] = counts[i];
    }
    x[BINS + 1] = (BINS + 1) * width;
    y[BINS + 1] = 0;
    XYSeries series =
        chart.addSeries(String.format(Locale.ROOT, "%s (bin %.2f s)", name, width), x, y);
    series.setMarker(SeriesMarkers.NONE);
    series.setXYSeriesRenderStyle(XYSeriesRenderStyle.Step);
  }
}
