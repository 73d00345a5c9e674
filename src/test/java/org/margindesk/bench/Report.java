package org.margindesk.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.margindesk.bench.temporalfloor.TemporalFloor;

/** The markdown table the benchmark prints and writes. */
final class Report {
  /** A shock and what was read after it settled. */
  record Shock(
      ShockRun.Result result,
      CpuUse.Usage cpu,
      ServiceMetrics metrics,
      Map<String, Long> openCalls,
      List<Path> charts) {}

  /**
   * The floors measured in the run: single-row commits with the server's settings, with
   * synchronous_commit=on (null when that changes nothing: already on, or fsync off), the disk's
   * own flush rate, each shock size's bare writes ({@link BreachFloor}), and the Temporal floor's
   * last round of each size ({@code temporal} empty when it was not measured).
   */
  record Floor(
      int tx,
      int clients,
      Duration server,
      Duration syncOn,
      Duration disk,
      String settings,
      Map<Integer, Duration> breachWrites,
      String breachRows,
      Map<Integer, TemporalFloor.Result> temporal) {}

  private final StringBuilder out = new StringBuilder();
  private final BenchOptions o;
  private final String stampName;

  Report(BenchOptions options, String stampName) {
    this.o = options;
    this.stampName = stampName;
  }

  Report header(String run, Instant started, Map<String, String> pg) {
    line("## Market-shock benchmark, gateway `%s` (run `%s`, %s)", o.gateway, run, started);
    line("");
    line(
        "The packaged jar in embedded mode (PostgreSQL and the Temporal test server in the"
            + " service's JVM) at %s; the harness in its own JVM on the same machine.",
        o.baseUrl);
    line("");
    row("machine", "");
    line("|---|---|");
    row("CPUs (nproc)", String.valueOf(Runtime.getRuntime().availableProcessors()));
    row("CPU", Machine.cpuModel());
    row("RAM", Machine.memory());
    row("java -version", Machine.javaVersion());
    row(
        "PostgreSQL",
        pg.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(", ")));
    line("");
    return this;
  }

  /**
   * @param batches one per round of the healthy batch feed (none with --no-healthy); the first
   *     round runs in a cold JVM
   * @param feedFloor the same round's bare writes in PostgreSQL alone (null when not measured)
   */
  Report ingestion(
      Feeds.Throughput registration,
      List<Feeds.Throughput> batches,
      Duration feedFloor,
      List<Feeds.Throughput> singles) {
    line("| phase | snapshots | time | rate | not 202 |");
    line("|---|---|---|---|---|");
    throughput(
        "facilities registered (PUT, " + o.registerClients + " clients; not 201)", registration);
    String batchName =
        String.format(
            Locale.ROOT,
            "healthy feed, batch endpoint (%d items/request, %d in flight)",
            o.batchSize,
            o.inFlight);
    for (int i = 0; i < batches.size(); i++) {
      throughput(batchName + round(i), batches.get(i));
    }
    if (feedFloor != null && !batches.isEmpty()) {
      int items = batches.get(0).items();
      line(
          "| the floor: the same PostgreSQL doing a round's bare writes (%,d history rows and"
              + " latest-risk updates, in transactions of %d from %d clients; FeedFloor) | %,d |"
              + " %s | %s | |",
          items,
          o.batchSize,
          o.inFlight,
          items,
          Stats.s(Stats.seconds(feedFloor)),
          Stats.rate(items, Stats.seconds(feedFloor)));
    }
    for (int i = 0; i < singles.size(); i++) {
      throughput(
          "healthy feed, single POSTs (" + o.singleClients + " clients)" + round(i),
          singles.get(i));
    }
    line("");
    return this;
  }

  private static String round(int index) {
    return index == 0 ? ", round 1 (cold JVM)" : ", round " + (index + 1);
  }

  private void throughput(String name, Feeds.Throughput t) {
    line(
        "| %s | %,d | %s | %s | %s |",
        name,
        t.items(),
        Stats.s(Stats.seconds(t.took())),
        Stats.rate(t.items(), Stats.seconds(t.took())),
        t.errors().isEmpty() ? "0" : t.errors().toString());
  }

  Report quiet(Feeds.Quiet q) {
    line(
        "| quiet single breaches (%,d sequential POSTs, each a different account) |"
            + " p50 / p99 / max |",
        q.count());
    line("|---|---|");
    row("POST → answer", q.answer().msP50p99max());
    row("POST → restricted, " + stampName, q.stamped().msP50p99max());
    row(
        "POST → restricted, observed (polled every 5 ms; conservative)",
        q.observed().msP50p99max());
    row(
        "not 202 / unexpected assessment / not restricted within 30 s",
        q.errors() + " / " + q.unexpected() + " / " + q.notRestricted());
    line("");
    return this;
  }

  Report floor(Floor f) {
    line("| the floor, same run | time |");
    line("|---|---|");
    row(
        String.format(
            Locale.ROOT,
            "%,d single-row INSERT transactions (autocommit) from %d JDBC clients, same"
                + " PostgreSQL, its settings (%s)",
            f.tx(),
            f.clients(),
            f.settings()),
        floorTime(f.tx(), f.server()));
    if (f.syncOn() != null) {
      row(
          "the same with synchronous_commit=on (every commit waits for its WAL flush)",
          floorTime(f.tx(), f.syncOn()));
    }
    row(
        String.format(
            Locale.ROOT,
            "the disk: %,d appends of 8 KiB, each followed by fdatasync, from %d threads (what a"
                + " durable commit costs here)",
            f.tx(),
            f.clients()),
        floorTime(f.tx(), f.disk()));
    f.breachWrites()
        .forEach(
            (size, time) ->
                row(
                    String.format(
                        Locale.ROOT,
                        "the bare writes of %,d breaches: %s, in transactions of %d from %d"
                            + " clients (BreachFloor)",
                        size,
                        f.breachRows(),
                        o.batchSize,
                        o.inFlight),
                    Stats.s(Stats.seconds(time))));
    for (TemporalFloor.Result t : f.temporal().values()) {
      row(
          String.format(
              Locale.ROOT,
              "Temporal: %,d workflows of one local activity and a timer started at once, from 8"
                  + " threads, on the embedded test server and the SDK's worker alone in the"
                  + " harness's JVM (the service's settings), all run / p50",
              t.size()),
          String.format(
              Locale.ROOT,
              "%s / %s (%,.0f workflows/s; %.1f ms of CPU each)",
              Stats.s(t.allOpened()),
              Stats.s(t.openedP50()),
              t.perSecond(),
              t.cpuMillisPerWorkflow()));
    }
    line("");
    return this;
  }

  private static String temporalRatio(double opened, TemporalFloor.Result floor) {
    return floor == null
        ? ""
        : String.format(
            Locale.ROOT,
            "; %.1f× the Temporal floor (%s)",
            opened / floor.allOpened(),
            Stats.s(floor.allOpened()));
  }

  private static String floorTime(int tx, Duration d) {
    double s = Stats.seconds(d);
    return Stats.s(s) + " (" + Stats.rate(tx, s) + ")";
  }

  Report shock(Shock shock, Floor floor) {
    ShockRun.Result r = shock.result();
    line(
        "| %s: %,d simultaneous breaches (%,d margin calls, %,d immediate liquidations),"
            + " %d batches of ≤%d, %d in flight | value |",
        r.label(),
        r.size(),
        r.size() - r.liquidations(),
        r.liquidations(),
        r.batches(),
        o.batchSize,
        o.inFlight);
    line("|---|---|");
    row("batch answers since the first request, p50 / p99 / max", r.batchSummary().p50p99max());
    row(
        "breach → restricted, " + stampName + ", p50 / p90 / p99 / max",
        r.stampedSummary().p50p90p99max());
    row(
        "breach → restricted, observed (first poll that saw it; conservative), p50 / p90 / p99 /"
            + " max",
        r.observedSummary().p50p90p99max());
    row(
        "all accounts reduce-only with withdrawals off, " + stampName,
        all(r, r.allRestricted(r.stamped()), r.stamped().size()));
    row(
        "all accounts reduce-only with withdrawals off, observed",
        all(r, r.allRestricted(r.observed()), r.observed().size()));
    row(
        "restricted when read right after its batch's answer",
        String.format(Locale.ROOT, "%,d of %,d", r.restrictedAtAnswer(), r.size()));
    Double opened = r.allOpened();
    row(
        "all workflows running (a CALL_OPENED record per account)",
        opened == null
            ? all(r, null, r.opened().size())
            : Stats.s(opened)
                + " (latest occurred_at); the poll saw the last at "
                + Stats.s(r.allOpenedSeen())
                + temporalRatio(opened, floor.temporal().get(r.size())));
    row(
        "immediate liquidations with trading disabled (liquidation step 1: a TRADING_OFF record)",
        liquidations(r, r.tradingDisabled(), r.allTradingDisabled()));
    row(
        "immediate liquidations with their first operator task open (a TASK_CREATED record)",
        liquidations(r, r.firstTaskOpen(), r.allFirstTasksOpen()));
    Double notified = r.allNotified();
    row(
        "every holder sent a notice (its first notice delivered; notices wait while workflows start)",
        notified == null
            ? all(r, null, r.notified().size())
            : Stats.s(notified)
                + " (latest delivered_at; p50 "
                + Stats.s(Stats.of(r.notified().values()).p50())
                + ")");
    row(
        "audit chain caught up: no record of the shock's accounts left staged, first seen after the"
            + " last answer",
        r.chainCaughtUp() == null ? "not within the timeout" : Stats.s(r.chainCaughtUp()));
    row(
        "items not 202 (by status; -1: the request got no answer)",
        r.errors().isEmpty() ? "0" : r.errors().toString());
    row("unexpected assessment (not the breach's kind)", String.valueOf(r.unexpected()));
    CpuUse.Usage cpu = shock.cpu();
    row(
        "CPU during the shock, cores on average (of "
            + Runtime.getRuntime().availableProcessors()
            + ")",
        cpu
            + String.format(
                Locale.ROOT,
                "; service CPU per breach %.0f ms",
                cpu.service() * cpu.seconds() * 1000 / r.size()));
    row(
        "the harness's reads of the exchange side and the audit records meanwhile",
        String.format(
            Locale.ROOT,
            "exchange side: %,d reads, %.2f s in total; audit records: %,d reads, %.2f s",
            r.exchangeReads(),
            r.exchangeReadSeconds(),
            r.auditReads(),
            r.auditReadSeconds()));
    row("service heap after the shock", shock.metrics().heap());
    row("service GC", shock.metrics().gc());
    row(
        "open calls after the shock",
        shock.openCalls()
            + " (margin_call, every call of the run so far); gauge margindesk_calls_open = "
            + Stats.num(shock.metrics().callsOpen(), "%.0f")
            + " (refreshed every 15 s)");
    row("time to restrict all / floor time (PostgreSQL floor)", ratio(r, floor.server()));
    row("time to restrict all / disk flush floor", ratio(r, floor.disk()));
    Duration writes = floor.breachWrites().get(r.size());
    if (writes != null) {
      row("time to restrict all / the same breaches' bare writes", ratio(r, writes));
    }
    line("");
    return this;
  }

  private static String all(ShockRun.Result r, Double at, int reached) {
    if (at != null) {
      return Stats.s(at);
    }
    return String.format(
        Locale.ROOT,
        "not reached: %,d of %,d within %d s",
        reached,
        r.size(),
        r.timeout().toSeconds());
  }

  /** The time to restrict every account over the floor's time, for both ways of timing it. */
  private String ratio(ShockRun.Result r, Duration floorTime) {
    double f = Stats.seconds(floorTime);
    List<String> parts = new ArrayList<>();
    Double stamped = r.allRestricted(r.stamped());
    Double observed = r.allRestricted(r.observed());
    parts.add(
        stamped == null
            ? stampName + ": not reached"
            : Stats.num(stamped / f, "%.1f×") + " (" + stampName + ")");
    parts.add(
        observed == null
            ? "observed: not reached"
            : Stats.num(observed / f, "%.1f×") + " (observed)");
    return String.join("; ", parts) + ", floor " + Stats.s(f);
  }

  Report cpu(Map<String, CpuUse.Usage> phases) {
    out.append(CpuUse.table(phases));
    return this;
  }

  Report charts(List<Path> charts) {
    line("Charts: %s", charts.stream().map(p -> "`" + p + "`").collect(Collectors.joining(", ")));
    line("");
    return this;
  }

  Report note(String text) {
    line("%s", text);
    line("");
    return this;
  }

  String text() {
    return out.toString();
  }

  void write(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, out.toString());
  }

  private void row(String name, String value) {
    line("| %s | %s |", name, value);
  }

  private void line(String format, Object... args) {
    out.append(String.format(Locale.ROOT, format, args)).append('\n');
  }

  private static String liquidations(ShockRun.Result r, Map<String, Double> times, Double all) {
    return all == null
        ? String.format(
            Locale.ROOT,
            "not reached: %,d of %,d within %d s",
            times.size(),
            r.liquidations(),
            r.timeout().toSeconds())
        : Stats.s(all)
            + " (latest occurred_at; p50 "
            + Stats.s(Stats.of(times.values()).p50())
            + ")";
  }
}
