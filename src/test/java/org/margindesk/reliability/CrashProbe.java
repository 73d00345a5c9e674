package org.margindesk.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Java side of scripts/crash-suite.sh. The script owns the service (start, kill -9, restart on
 * the same data); this class drives it into each state before a kill and checks it after the
 * restart. Facts the service acknowledged are kept in a {@link Ledger} file in the work directory.
 *
 * <pre>
 * CrashProbe prepare STATE  base=URL pg-port=N work=DIR run=ID   STATE: open|task|auto|reclaim
 * CrashProbe feed           base=URL pg-port=N work=DIR run=ID   until the service stops answering
 * CrashProbe check STATES   ... log-offset=BYTES ready=SECONDS   checks, then completes the
 *                                                                states (comma-separated)
 * CrashProbe table          work=DIR                             the figures table
 * </pre>
 */
public final class CrashProbe {
  private final Map<String, String> options;
  private final Path work;
  private final Api api;
  private final Ledger ledger;
  private final Lifecycles lifecycles;
  private final String prefix;

  private CrashProbe(Map<String, String> options) {
    this.options = options;
    this.work = Path.of(options.get("work"));
    this.api = new Api(options.getOrDefault("base", ""));
    this.ledger = new Ledger(work.resolve("ledger.tsv"));
    String run = options.getOrDefault("run", "0");
    this.lifecycles = new Lifecycles(api, ledger, run);
    this.prefix = "crash-" + run + "-";
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>();
    for (int i = 1; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      if (eq > 0) {
        options.put(args[i].substring(0, eq), args[i].substring(eq + 1));
      } else {
        options.put("state", args[i]);
      }
    }
    CrashProbe probe = new CrashProbe(options);
    int status =
        switch (args[0]) {
          case "prepare" -> probe.prepare(options.get("state"));
          case "feed" -> probe.feed();
          case "check" -> probe.check(options.get("state"));
          case "table" -> probe.table();
          default -> throw new IllegalArgumentException("unknown command " + args[0]);
        };
    System.exit(status);
  }

  private String account(String state) {
    return prefix + state;
  }

  private int prepare(String state) throws IOException {
    String account = account(state);
    switch (state) {
      case "open" -> {
        String callId = lifecycles.breach(account, "PT10M", Lifecycles.CALL_CAB, state);
        lifecycles.awaitStatus(callId, "OPEN");
      }
      case "task" -> {
        String callId = lifecycles.breach(account, "PT10M", Lifecycles.LIQUIDATION_CAB, state);
        lifecycles.claimClose(callId);
      }
      case "auto" -> {
        // A margin call that a hard breach escalates: its workflow runs the first step. (A call
        // that opens liquidating has that step taken by ingestion, whose effects are not held.)
        String callId = lifecycles.breach(account, "PT10M", Lifecycles.CALL_CAB, state);
        lifecycles.awaitStatus(callId, "OPEN");
        lifecycles.hardBreach(account);
        // The service holds the effect (margin-desk.gateway.simulated.effect-delay): kill it there.
        String held = "Simulated exchange holding effect " + callId + ":liquidation:";
        Api.await(Lifecycles.WAIT, "an automatic step under way", () -> logSince(0).contains(held));
      }
      case "reclaim" -> {
        String callId = lifecycles.breach(account, "PT10M", Lifecycles.LIQUIDATION_CAB, state);
        lifecycles.reclaimAwaitingApproval(callId);
      }
      default -> throw new IllegalArgumentException("unknown state " + state);
    }
    System.out.println("prepared " + state + " (" + account + ")");
    return 0;
  }

  /**
   * Four feeders, one account each (so each account's snapshots stay in order), post snapshots
   * until the service stops answering; the first account breaches from its third on. Each 202 is in
   * the ledger before the next request.
   */
  private int feed() throws Exception {
    int feeders = 4;
    for (int i = 0; i < feeders; i++) {
      api.facility(account("feed-" + i), "PT10M");
    }
    Files.writeString(work.resolve("feeding"), "yes");
    AtomicInteger acked = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < feeders; i++) {
      String account = account("feed-" + i);
      boolean breaches = i == 0;
      Thread thread = new Thread(() -> feedOne(account, breaches, acked), "feeder-" + i);
      thread.start();
      threads.add(thread);
    }
    for (Thread t : threads) {
      t.join();
    }
    System.out.println("feed stopped after " + acked.get() + " acknowledged snapshots");
    return 0;
  }

  private void feedOne(String account, boolean breaches, AtomicInteger acked) {
    for (int n = 1; ; n++) {
      // The breaching account stays in breach, so its call is open when the kill lands.
      String cab = breaches && n >= 3 ? Lifecycles.CALL_CAB : String.valueOf(13000 + n);
      String eventId = lifecycles.eventId(account);
      try {
        Api.Answer answer = api.snapshot(eventId, account, cab);
        if (answer.status() / 100 == 2) {
          ledger.ack(eventId);
          acked.incrementAndGet();
          String callId = answer.text("marginCallId");
          if (callId != null && !ledger.calls().containsKey(callId)) {
            ledger.call(callId, account, Invariants.deadlineOf(api.call(callId)), "feed");
          }
        }
      } catch (IOException | RuntimeException e) {
        return; // the service is gone
      }
    }
  }

  private int check(String state) throws Exception {
    Invariants invariants =
        new Invariants(api, Integer.parseInt(options.get("pg-port")), ledger, prefix);
    long offset = Long.parseLong(options.getOrDefault("log-offset", "0"));
    List<Invariants.Check> checks = new ArrayList<>();
    List<String> open = invariants.openCalls();
    for (String callId : open) {
      String started = "Started workflow " + callId + " (";
      Api.await(Lifecycles.WAIT, callId + " resumed", () -> logSince(offset).contains(started));
    }
    String log = logSince(offset);
    int reconciled = 0;
    for (String callId : open) {
      if (log.contains("Started workflow " + callId + " (recovered)")) {
        reconciled++;
      }
    }
    checks.add(new Invariants.Check("every open call resumed", true, open.size() + " open"));
    checks.add(invariants.acknowledgedStored());
    checks.add(invariants.callsKept());
    checks.add(invariants.tasksKept());
    checks.add(invariants.effectsOnce());
    checks.add(invariants.auditVerifies());
    checks.add(complete(state));
    checks.add(invariants.effectsOnce());
    checks.add(invariants.auditVerifies());
    checks.forEach(System.out::println);
    long passed = checks.stream().filter(Invariants.Check::passed).count();
    String row =
        state
            + "\t"
            + options.getOrDefault("ready", "?")
            + "\t"
            + reconciled
            + "\t"
            + passed
            + "/"
            + checks.size()
            + "\n";
    Files.writeString(
        work.resolve("figures.tsv"),
        row,
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    return passed == checks.size() ? 0 : 1;
  }

  /**
   * Drives the calls killed in {@code states} (comma-separated) to their end: CURED or LIQUIDATED.
   */
  private Invariants.Check complete(String states) {
    List<String> done = new ArrayList<>();
    List<String> wanted = List.of(states.split(","));
    try {
      for (Ledger.Call call : ledger.calls().values()) {
        if (!wanted.contains(call.state())) {
          continue;
        }
        if (call.state().equals("open") || call.state().equals("feed")) {
          lifecycles.cure(call.id(), call.account());
          done.add(call.id() + " CURED");
        } else {
          lifecycles.finishLiquidation(call.id(), call.account());
          done.add(call.id() + " LIQUIDATED");
        }
      }
      return new Invariants.Check("the lifecycle then completes", true, String.join(", ", done));
    } catch (IOException | RuntimeException e) {
      return new Invariants.Check("the lifecycle then completes", false, e.getMessage());
    }
  }

  private int table() throws IOException {
    System.out.println();
    System.out.println(
        "| state(s) at kill -9 | restart to ready (s) | reconciled calls | checks passed |");
    System.out.println("|---|---|---|---|");
    for (String line : Files.readAllLines(work.resolve("figures.tsv"))) {
      String[] f = line.split("\t");
      List<String> states = new ArrayList<>();
      for (String state : f[0].split(",")) {
        states.add(describe(state));
      }
      System.out.println(
          "| " + String.join("; ", states) + " | " + f[1] + " | " + f[2] + " | " + f[3] + " |");
    }
    return 0;
  }

  private static String describe(String state) {
    return switch (state) {
      case "open" -> "OPEN";
      case "task" -> "LIQUIDATING, task claimed";
      case "auto" -> "inside an automatic step";
      case "reclaim" -> "reclaim awaiting approval";
      case "feed" -> "snapshots being acknowledged";
      default -> state;
    };
  }

  private String logSince(long offset) throws IOException {
    byte[] all = Files.readAllBytes(work.resolve("service.log"));
    int from = (int) Math.min(offset, all.length);
    return new String(all, from, all.length - from, StandardCharsets.UTF_8);
  }
}
