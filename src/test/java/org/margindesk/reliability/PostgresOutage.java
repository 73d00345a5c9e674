package org.margindesk.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PostgreSQL part of the outage suite: feeders post snapshots while the embedded PostgreSQL is
 * stopped ({@code pg_ctl stop -m fast}) and started again on the same data directory and port with
 * the options it ran with ({@code postmaster.opts}), the service left running. A call opened just
 * before the stop must still be driven to its end afterwards.
 */
final class PostgresOutage {
  /** One answer a feeder got: when (ns), its status (-1: no answer), and what came with it. */
  private record Sample(long at, int status, String retryAfter, String type, long millis) {}

  private final OutageContext ctx;
  private final Queue<Sample> samples = new ConcurrentLinkedQueue<>();
  private volatile boolean feeding = true;

  PostgresOutage(OutageContext ctx) {
    this.ctx = ctx;
  }

  void run() throws Exception {
    try {
      outage();
    } finally {
      feeding = false;
    }
  }

  private void outage() throws Exception {
    Path data = ctx.work.resolve(".margin-desk/postgres");
    String account = ctx.account("pg-call");
    String callId = ctx.lifecycles.breach(account, "PT10M", Lifecycles.CALL_CAB, "postgres");
    List<Thread> feeders = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      String feederAccount = ctx.account("pg-feed-" + i);
      ctx.api.facility(feederAccount, "PT10M");
      Thread t = new Thread(() -> feed(feederAccount), "pg-feeder-" + i);
      t.setDaemon(true);
      t.start();
      feeders.add(t);
    }
    Api.await(Lifecycles.WAIT, "20 snapshots acknowledged", () -> count(0, 202) >= 20);

    long pid = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
    // The binaries the running server was started from: pg_ctl is beside them.
    Path bin = Files.readSymbolicLink(Path.of("/proc/" + pid + "/exe")).getParent();
    List<String> options = serverOptions(Files.readString(data.resolve("postmaster.opts")));
    long down = System.nanoTime();
    pgCtl(bin, "stop", "-D", data.toString(), "-m", "fast", "-w");
    Api.await(
        Lifecycles.WAIT,
        "readiness DOWN",
        () -> ctx.api.get("/q/health/ready", "viewer").status() == 503);
    Api.await(Lifecycles.WAIT, "20 answers during the outage", () -> count(down, 0) >= 20);
    long up = System.nanoTime();
    pgCtl(
        bin,
        "start",
        "-D",
        data.toString(),
        "-w",
        "-o",
        String.join(" ", options.stream().map(o -> '"' + o + '"').toList()),
        "-l",
        ctx.work.resolve("postgres-restart.log").toString());
    Api.await(Lifecycles.WAIT, "a snapshot acknowledged again", () -> count(up, 202) >= 1);
    long recovered =
        samples.stream()
                .filter(s -> s.at() > up && s.status() == 202)
                .findFirst()
                .map(Sample::at)
                .orElse(up)
            - up;
    Api.await(
        Lifecycles.WAIT,
        "readiness UP",
        () -> ctx.api.get("/q/health/ready", "viewer").status() == 200);
    feeding = false;
    for (Thread t : feeders) {
      t.join();
    }

    List<Sample> during = samples.stream().filter(s -> s.at() > down && s.at() < up).toList();
    long refused = during.stream().filter(s -> s.status() != 202).count();
    long proper =
        during.stream()
            .filter(
                s ->
                    s.status() == 503
                        && s.retryAfter() != null
                        && s.type().startsWith("application/problem+json"))
            .count();
    long slowest = during.stream().mapToLong(Sample::millis).max().orElse(0);
    long otherFailures =
        samples.stream().filter(s -> s.status() != 202 && s.status() != 503).count();
    ctx.check(
        "postgres: every refusal during the outage is 503 problem+json with Retry-After",
        refused > 0 && proper == refused,
        proper + " of " + refused);
    ctx.check(
        "postgres: no other failure (5xx, no answer) before, during or after",
        otherFailures == 0,
        otherFailures + "");
    ctx.check("postgres: answers during the outage are quick", slowest <= 5_000, slowest + " ms");
    ctx.add(ctx.invariants.acknowledgedStored());
    ctx.lifecycles.cure(callId, account);
    ctx.check("postgres: the call opened before the outage completes (CURED)", true, callId);
    ctx.figure("postgres", "outage (s)", OutageContext.seconds(up - down));
    ctx.figure(
        "postgres", "answers during the outage (503 / all)", refused + " / " + during.size());
    ctx.figure("postgres", "slowest answer during the outage (ms)", slowest);
    ctx.figure("postgres", "PostgreSQL started to first 202 (s)", OutageContext.seconds(recovered));
    ctx.figure("postgres", "snapshots acknowledged (all stored)", count(0, 202));
  }

  private long count(long after, int status) {
    return samples.stream()
        .filter(s -> s.at() > after && (status == 0 || s.status() == status))
        .count();
  }

  private void feed(String account) {
    for (int n = 1; feeding; n++) {
      String eventId = ctx.lifecycles.eventId(account);
      long at = System.nanoTime();
      try {
        Api.Answer a = ctx.api.snapshot(eventId, account, String.valueOf(13000 + n));
        if (a.status() == 202) {
          ctx.ledger.ack(eventId);
        }
        samples.add(new Sample(at, a.status(), a.retryAfter(), a.contentType(), a.millis()));
        if (a.status() != 202) {
          Api.pause(100);
        }
      } catch (IOException e) {
        samples.add(new Sample(at, -1, null, "", (System.nanoTime() - at) / 1_000_000));
        Api.pause(100);
      }
    }
  }

  /** The server's own options from postmaster.opts, without the binary and its data directory. */
  static List<String> serverOptions(String opts) {
    List<String> tokens = new ArrayList<>();
    Matcher m = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(opts);
    while (m.find()) {
      tokens.add(m.group(1));
    }
    List<String> options = new ArrayList<>();
    for (int i = 0; i < tokens.size(); i++) {
      if (tokens.get(i).equals("-D")) {
        i++;
      } else if (!tokens.get(i).endsWith("/postgres")) {
        options.add(tokens.get(i));
      }
    }
    return options;
  }

  /**
   * pg_ctl refuses to run as root; as root it runs in a user namespace of its own ({@code unshare
   * -U}), as the embedded server's library starts it.
   */
  private static void pgCtl(Path bin, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    if ("root".equals(System.getProperty("user.name"))) {
      command.addAll(List.of("unshare", "-U"));
    }
    command.add(bin.resolve("pg_ctl").toString());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IllegalStateException("pg_ctl " + args[0] + " failed: " + out);
    }
  }
}
