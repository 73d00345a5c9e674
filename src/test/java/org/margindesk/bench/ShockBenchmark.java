package org.margindesk.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.margindesk.bench.temporalfloor.TemporalFloor;

/**
 * The market-shock benchmark (issue 14): a harness that prints figures beside the physical floor
 * measured in the same run. Not a test: {@code scripts/bench-shock.sh} starts the packaged jar in
 * embedded mode and runs this against it over HTTP, reading the embedded PostgreSQL over JDBC.
 * Progress goes to stderr; the markdown table to stdout and to {@code
 * <out>/shock-results-<gateway>.md}.
 */
public final class ShockBenchmark {
  private static final int WARMUP = BenchOptions.WARMUP;

  /** Workflows that warm the Temporal floor's JVM up before it is measured. */
  private static final int TEMPORAL_WARMUP = 2_000;

  public static void main(String[] args) throws Exception {
    System.setProperty("java.awt.headless", "true");
    BenchOptions o = BenchOptions.parse(args);
    Files.createDirectories(o.outDir);
    StubExchange stub = o.http() ? new StubExchange(o.stubPort) : null;
    try {
      if (stub != null) {
        log("stub exchange listens on 127.0.0.1:%d", stub.port());
        if (o.stubPortFile != null) {
          Path tmp = o.stubPortFile.resolveSibling(o.stubPortFile.getFileName() + ".tmp");
          Files.writeString(tmp, stub.port() + "\n");
          Files.move(tmp, o.stubPortFile, StandardCopyOption.ATOMIC_MOVE);
        }
      }
      run(o, stub);
    } finally {
      if (stub != null) {
        stub.close();
      }
    }
  }

  private final BenchOptions o;
  private final ServiceClient client;
  private final SqlProbes sql;
  private final ExchangeSide exchange;
  private final String stampName;
  private final Breaches breaches;
  private final Feeds feeds;
  private final ShockRun shocks;
  private final CpuUse cpu;
  private final Map<String, CpuUse.Usage> cpuByPhase = new LinkedHashMap<>();

  private ShockBenchmark(BenchOptions o, ServiceClient client, SqlProbes sql, StubExchange stub) {
    this.o = o;
    this.client = client;
    this.sql = sql;
    this.exchange = stub != null ? stub : sql;
    this.stampName = exchange.stampName();
    String run = Long.toString(System.currentTimeMillis() / 1000 % 60_466_176L, 36);
    this.breaches = new Breaches(run, o.seed);
    this.feeds = new Feeds(o, client, breaches, exchange);
    this.shocks = new ShockRun(o, client, breaches, exchange, sql);
    this.cpu = new CpuUse(o.workDir);
  }

  private static void run(BenchOptions o, StubExchange stub) throws Exception {
    ServiceClient client = new ServiceClient(o.baseUrl);
    log("waiting for %s/q/health/ready", o.baseUrl);
    client.waitReady(Duration.ofSeconds(300));
    try (SqlProbes sql = new SqlProbes(o)) {
      new ShockBenchmark(o, client, sql, stub).measure();
    }
  }

  private void measure() throws Exception {
    Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Map<String, String> pg = sql.settings();
    Report report = new Report(o, stampName).header(breaches.run(), started, pg);

    int accounts = o.accounts();
    log("registering %,d facilities (run %s)", accounts, breaches.run());
    phase("before the run (service idle)", () -> settle(3));
    Feeds.Throughput registration = phase("registration", () -> feeds.register(accounts));
    log("  %s", Stats.s(Stats.seconds(registration.took())));
    List<Feeds.Throughput> batches = new ArrayList<>();
    List<Feeds.Throughput> singles = new ArrayList<>();
    Duration feedFloor = null;
    if (o.healthy) {
      for (int round = 1; round <= o.healthyRounds; round++) {
        int r = round;
        log("healthy feed through the batch endpoint, round %d", r);
        Feeds.Throughput t =
            phase("healthy feed, batches, round " + r, () -> feeds.healthyBatches(accounts, r));
        log("  %.0f snapshots/s, not 202: %s", t.perSecond(), t.errors());
        batches.add(t);
      }
      log("the feed's floor: a round's bare writes, same PostgreSQL, without the service");
      try (FeedFloor floor = new FeedFloor(o, accounts)) {
        feedFloor = phase("floor (a healthy round's bare writes)", floor::measure);
      }
      log("  %.0f snapshots/s", accounts / Stats.seconds(feedFloor));
      for (int round = 1; round <= o.healthyRounds; round++) {
        int r = round;
        log("healthy feed as single POSTs, round %d", r);
        Feeds.Throughput t =
            phase(
                "healthy feed, single POSTs, round " + r, () -> feeds.healthySingles(accounts, r));
        log("  %.0f snapshots/s, not 202: %s", t.perSecond(), t.errors());
        singles.add(t);
      }
    }
    report.ingestion(registration, batches, feedFloor, singles);

    log("warm-up: %d breaches", WARMUP);
    feeds.quiet(0, WARMUP, "warm");
    settle(3);
    if (o.quiet > 0) {
      log("quiet single breaches: %,d", o.quiet);
      Feeds.Quiet quiet = phase("quiet breaches", () -> feeds.quiet(WARMUP, o.quiet, "quiet"));
      log(
          "  answer %s, restricted %s",
          quiet.answer().msP50p99max(), quiet.stamped().msP50p99max());
      report.quiet(quiet);
      settle(3);
    }

    log("the floor: %,d single-row transactions from %d clients", o.floorTx, o.floorClients);
    // With fsync off, synchronous_commit=on waits for a write that is never flushed: no floor.
    boolean syncChanges =
        !"on".equals(pg.get("synchronous_commit")) && "on".equals(pg.get("fsync"));
    Duration floorServer;
    Duration floorSyncOn;
    try (RowFloor rows = new RowFloor(o)) {
      floorServer =
          phase("floor (PostgreSQL)", () -> rows.measure(o.floorTx, o.floorClients, null));
      floorSyncOn = syncChanges ? rows.measure(o.floorTx, o.floorClients, "on") : null;
    }
    BreachFloor.Measured breachWrites =
        phase("floor (the breaches' bare writes)", this::breachFloor);
    Duration disk = DiskFloor.measure(o.outDir, o.floorTx, o.floorClients);
    String settings =
        "fsync=" + pg.get("fsync") + ", synchronous_commit=" + pg.get("synchronous_commit");
    log("  %s", Stats.s(Stats.seconds(floorServer)));
    Map<Integer, TemporalFloor.Result> temporal = phase("floor (Temporal)", this::temporalFloor);
    Report.Floor floor =
        new Report.Floor(
            o.floorTx,
            o.floorClients,
            floorServer,
            floorSyncOn,
            disk,
            settings,
            breachWrites.times(),
            breachWrites.rows(),
            temporal);
    report.floor(floor);
    settle(3);

    int first = WARMUP + o.quiet;
    List<Path> charts = new ArrayList<>(shock(report, floor, "shock", first, o.shock, "s1"));
    if (o.bigShock > 0) {
      settle(10);
      charts.addAll(shock(report, floor, "big shock", first + o.shock, o.bigShock, "s2"));
    }
    report.cpu(cpuByPhase);
    report.charts(charts);
    report.note(
        "Times are wall-clock on this machine. "
            + stampName
            + ": "
            + exchange.stampMeaning()
            + ". Observed: the end of the first read of the exchange side that showed both"
            + " opening restrictions (a read follows every batch answer, and the harness polls"
            + " every "
            + o.pollInterval.toMillis()
            + " ms; until an account's batch has answered, only by key, without the stamp), so"
            + " an upper bound. CALL_OPENED and TRADING_OFF records and staged audit records are"
            + " polled every "
            + 4 * o.pollInterval.toMillis()
            + " ms once every batch has answered; their occurred_at is the figure. The floors run"
            + " before the shock, with the service idle.");
    System.out.println(report.text());
    Path file = o.outDir.resolve("shock-results-" + o.gateway + ".md");
    report.write(file);
    log("written %s", file);
  }

  /** The breaches' bare writes ({@link BreachFloor}) for each shock's size. */
  private BreachFloor.Measured breachFloor() throws Exception {
    Map<Integer, Duration> results = new LinkedHashMap<>();
    List<Integer> sizes = o.bigShock > 0 ? List.of(o.shock, o.bigShock) : List.of(o.shock);
    try (BreachFloor floor = new BreachFloor(o, Collections.max(sizes))) {
      for (int size : sizes) {
        log("the breaches' bare writes: %,d breaches", size);
        results.put(size, floor.measure(size));
        log("  %s: %s", Stats.s(Stats.seconds(results.get(size))), floor.rows());
      }
      return new BreachFloor.Measured(results, floor.rows());
    }
  }

  /**
   * The Temporal floor for each shock's size, after a round that warms its JVM up; the service is
   * idle meanwhile. The harness's JVM runs it, so the floor has the machine's CPUs as the service
   * would.
   */
  private Map<Integer, TemporalFloor.Result> temporalFloor() throws Exception {
    Map<Integer, TemporalFloor.Result> results = new LinkedHashMap<>();
    if (!o.temporalFloor) {
      return results;
    }
    List<Integer> sizes = new ArrayList<>(List.of(TEMPORAL_WARMUP, o.shock));
    if (o.bigShock > 0) {
      sizes.add(o.bigShock);
    }
    try (TemporalFloor floor = new TemporalFloor()) {
      for (int size : sizes) {
        log("the Temporal floor: %,d workflows", size);
        TemporalFloor.Result r = floor.run(size);
        log("  all ran at %s (%,.0f/s)", Stats.s(r.allOpened()), r.perSecond());
        results.put(size, r);
      }
    }
    return results;
  }

  private List<Path> shock(
      Report report, Report.Floor floor, String label, int first, int size, String phase)
      throws Exception {
    List<String> accounts = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      accounts.add(breaches.account(first + i));
    }
    log("%s: %,d simultaneous breaches", label, size);
    ShockRun.Result r = phase(label, () -> shocks.run(label, accounts, phase));
    CpuUse.Usage usage = cpuByPhase.get(label);
    Double all = r.allRestricted(r.stamped());
    log(
        "  restricted %,d of %,d, all at %s (p50/p90/p99/max %s); CALL_OPENED %,d; trading"
            + " disabled %,d of %,d liquidations; timed out: %s",
        r.stamped().size(),
        size,
        all == null ? "not reached" : Stats.s(all),
        r.stampedSummary().p50p90p99max(),
        r.opened().size(),
        r.tradingDisabled().size(),
        r.liquidations(),
        r.timedOut());
    ServiceMetrics metrics = ServiceMetrics.parse(client.metrics());
    Map<String, Long> open = sql.openCalls();
    String prefix = String.format(Locale.ROOT, "%s-%s-%d", o.gateway, phase, size);
    List<Path> charts = ShockCharts.write(r, floor, stampName, o.outDir, prefix);
    report.shock(new Report.Shock(r, usage, metrics, open, charts), floor);
    return charts;
  }

  private static Void settle(int seconds) throws InterruptedException {
    Thread.sleep(seconds * 1000L);
    return null;
  }

  /** Runs a phase and notes who used the CPUs meanwhile. */
  private <T> T phase(String name, Feeds.Call<T> body) throws Exception {
    CpuUse.Sample before = cpu.sample();
    T result = body.run();
    CpuUse.Usage usage = CpuUse.between(before, cpu.sample());
    cpuByPhase.put(name, usage);
    if (usage.others() > CpuUse.BUSY) {
      log("WARNING: other processes used %.2f cores during %s", usage.others(), name);
    }
    return result;
  }

  static void log(String format, Object... args) {
    System.err.printf(
        Locale.ROOT,
        "[bench %s] %s%n",
        Instant.now().truncatedTo(ChronoUnit.MILLIS),
        String.format(Locale.ROOT, format, args));
  }
}
