package org.margindesk.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Command-line options of {@link ShockBenchmark}; a later occurrence of an option wins. */
final class BenchOptions {
  /** Accounts breached once before measuring, so the first workflows' costs stay out. */
  static final int WARMUP = 5;

  String baseUrl = "http://127.0.0.1:18090";
  int postgresPort = 25490;
  // EmbeddedPostgresServer.DATABASE and the credentials EmbeddedServicesConfigSourceFactory sets.
  String database = "margindesk";
  String dbUser = "postgres";
  String dbPassword = "embedded";

  int facilities = 10_000;
  int batchSize = 250;
  int inFlight = 8;
  int singleClients = 16;
  int registerClients = 16;
  boolean healthy = true;
  int healthyRounds = 3;
  int quiet = 200;
  int shock = 2_000;
  double liquidationShare = 0.25;
  int bigShock = 0;
  int floorTx = 2_000;
  int floorClients = 8;
  boolean temporalFloor = true;
  Duration timeout = Duration.ofSeconds(180);
  Duration pollInterval = Duration.ofMillis(250);
  String gateway = "simulated";
  int stubPort = 0;
  Path stubPortFile;
  Path outDir = Path.of("target/bench");
  Path workDir;
  long seed = 14;

  static final String USAGE =
      """
      ShockBenchmark [options]   (normally started by scripts/bench-shock.sh)
        --base-url URL            service (default http://127.0.0.1:18090)
        --postgres-port N         embedded PostgreSQL on 127.0.0.1 (default 25490)
        --facilities N            facilities to register (default 10000; at least what the
                                  phases need: 5 warm-up + quiet + shock + big shock)
        --batch-size N            items per batch request (default 250)
        --in-flight N             batch requests in flight (default 8)
        --single-clients N        clients posting single snapshots (default 16)
        --no-healthy              skip the two healthy-feed phases
        --healthy-rounds N        rounds of each healthy feed over every account (default 3): the
                                  first runs in a cold JVM, the later ones show the warm rate
        --quiet K                 sequential single breaches on a quiet system (default 200)
        --shock S                 simultaneous breaches (default 2000)
        --liquidation-share F     share of immediate liquidations in a shock (default 0.25)
        --big-shock N             a second, bigger shock (default 0: none)
        --floor-tx N              single-row durable transactions of the floor (default 2000)
        --floor-clients N         JDBC clients of the floor (default 8)
        --no-temporal-floor       skip the Temporal floor (workflows on the embedded test server
                                  alone, in the harness's JVM, with the service idle)
        --timeout SECONDS         how long a shock may take to settle (default 180)
        --poll-ms N               polling interval while a shock settles (default 250)
        --gateway simulated|http  which exchange the service drives (default simulated)
        --stub-port N             http: the stub exchange's port (default 0 = any free port)
        --stub-port-file PATH     http: write the stub's port there once it listens
        --out DIR                 where the table and charts go (default target/bench)
        --work-dir DIR            the service's scratch directory (service.pid, PostgreSQL's
                                  postmaster.pid), to tell its CPU use from other processes'
        --seed N                  random seed for amounts and the shock mix (default 14)
      """;

  static BenchOptions parse(String[] args) {
    BenchOptions o = new BenchOptions();
    List<String> rest = new ArrayList<>(List.of(args));
    while (!rest.isEmpty()) {
      String name = rest.remove(0);
      switch (name) {
        case "--help", "-h" -> {
          System.out.println(USAGE);
          System.exit(0);
        }
        case "--no-healthy" -> o.healthy = false;
        case "--no-temporal-floor" -> o.temporalFloor = false;
        default -> {
          if (rest.isEmpty()) {
            throw new IllegalArgumentException(name + " needs a value\n" + USAGE);
          }
          o.set(name, rest.remove(0));
        }
      }
    }
    o.check();
    return o;
  }

  private void set(String name, String value) {
    switch (name) {
      case "--base-url" -> baseUrl = value.replaceAll("/+$", "");
      case "--postgres-port" -> postgresPort = Integer.parseInt(value);
      case "--facilities" -> facilities = Integer.parseInt(value);
      case "--batch-size" -> batchSize = Integer.parseInt(value);
      case "--in-flight" -> inFlight = Integer.parseInt(value);
      case "--single-clients" -> singleClients = Integer.parseInt(value);
      case "--healthy-rounds" -> healthyRounds = Integer.parseInt(value);
      case "--quiet" -> quiet = Integer.parseInt(value);
      case "--shock" -> shock = Integer.parseInt(value);
      case "--liquidation-share" -> liquidationShare = Double.parseDouble(value);
      case "--big-shock" -> bigShock = Integer.parseInt(value);
      case "--floor-tx" -> floorTx = Integer.parseInt(value);
      case "--floor-clients" -> floorClients = Integer.parseInt(value);
      case "--timeout" -> timeout = Duration.ofSeconds(Long.parseLong(value));
      case "--poll-ms" -> pollInterval = Duration.ofMillis(Long.parseLong(value));
      case "--gateway" -> gateway = value;
      case "--stub-port" -> stubPort = Integer.parseInt(value);
      case "--stub-port-file" -> stubPortFile = Path.of(value);
      case "--out" -> outDir = Path.of(value);
      case "--work-dir" -> workDir = Path.of(value);
      case "--seed" -> seed = Long.parseLong(value);
      default -> throw new IllegalArgumentException("unknown option " + name + "\n" + USAGE);
    }
  }

  private void check() {
    if (!gateway.equals("simulated") && !gateway.equals("http")) {
      throw new IllegalArgumentException("--gateway must be simulated or http");
    }
    if (batchSize < 1 || batchSize > 1000) {
      throw new IllegalArgumentException("--batch-size must be 1 to 1000 (the endpoint's limit)");
    }
    if (liquidationShare < 0 || liquidationShare > 1) {
      throw new IllegalArgumentException("--liquidation-share must be between 0 and 1");
    }
    if (healthyRounds < 1) {
      throw new IllegalArgumentException("--healthy-rounds must be at least 1");
    }
    if (inFlight < 1 || singleClients < 1 || floorClients < 1 || shock < 1) {
      throw new IllegalArgumentException("client counts and --shock must be at least 1");
    }
  }

  boolean http() {
    return gateway.equals("http");
  }

  /** Accounts the measured phases use; the rest only get the healthy feed. */
  int accountsNeeded() {
    return WARMUP + quiet + shock + bigShock;
  }

  int accounts() {
    return Math.max(facilities, accountsNeeded());
  }

  String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + postgresPort + "/" + database;
  }
}
