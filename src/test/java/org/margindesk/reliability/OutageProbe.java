package org.margindesk.reliability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The Java side of scripts/outage-suite.sh. It starts the misbehaving stub exchange first and
 * writes its port (the script then starts the service against it), waits for the service, and runs
 * the three outages in turn: the exchange misbehaving ({@link ExchangeFaults}), PostgreSQL stopped
 * and started ({@link PostgresOutage}), Temporal restarted empty ({@link TemporalOutage}). Then the
 * invariants of the whole run, and the figures.
 *
 * <pre>
 * OutageProbe base=URL pg-port=N jmx-port=N work=DIR run=ID stub-port-file=FILE
 * </pre>
 */
public final class OutageProbe {
  private OutageProbe() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      options.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    int status;
    try (FaultyExchange exchange = new FaultyExchange()) {
      Path portFile = Path.of(options.get("stub-port-file"));
      Files.writeString(
          portFile.resolveSibling(portFile.getFileName() + ".tmp"), "" + exchange.port());
      Files.move(portFile.resolveSibling(portFile.getFileName() + ".tmp"), portFile);
      OutageContext ctx =
          new OutageContext(
              options.get("base"),
              Path.of(options.get("work")),
              Integer.parseInt(options.get("pg-port")),
              Integer.parseInt(options.get("jmx-port")),
              options.get("run"),
              exchange);
      Api.await(
          Duration.ofSeconds(180),
          "the service ready",
          () -> ctx.api.get("/q/health/ready", "viewer").status() == 200);
      status = run(ctx);
    }
    System.exit(status);
  }

  private static int run(OutageContext ctx) throws Exception {
    for (String part : new String[] {"exchange", "postgres", "temporal"}) {
      long started = System.nanoTime();
      System.out.println("--- " + part);
      try {
        switch (part) {
          case "exchange" -> new ExchangeFaults(ctx).run();
          case "postgres" -> new PostgresOutage(ctx).run();
          default -> new TemporalOutage(ctx).run();
        }
      } catch (Exception | AssertionError e) {
        ctx.check(part + ": the part ran to its end", false, String.valueOf(e));
        e.printStackTrace(System.out);
      }
      ctx.figure(part, "part took (s)", OutageContext.seconds(System.nanoTime() - started));
    }
    System.out.println("--- the whole run");
    try {
      ctx.add(ctx.invariants.acknowledgedStored());
      ctx.add(ctx.invariants.callsKept());
      ctx.add(ctx.invariants.tasksKept());
      ctx.add(ctx.invariants.auditVerifies());
    } catch (Exception e) {
      ctx.check("the whole run: the checks ran", false, String.valueOf(e));
    }
    java.util.List<String> repeated = ctx.exchange.repeatedEffects();
    ctx.check(
        "every exchange effect of the run performed once",
        repeated.isEmpty(),
        repeated.isEmpty() ? ctx.exchange.effects() + " effects" : String.join("; ", repeated));

    long passed = ctx.checks.stream().filter(Invariants.Check::passed).count();
    System.out.println();
    System.out.println("| outage | figure | value |");
    System.out.println("|---|---|---|");
    for (String[] f : ctx.figures) {
      System.out.println("| " + f[0] + " | " + f[1] + " | " + f[2] + " |");
    }
    System.out.println("| all | checks passed | " + passed + "/" + ctx.checks.size() + " |");
    return passed == ctx.checks.size() ? 0 : 1;
  }
}
