package org.margindesk.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * The Temporal part of the outage suite: the embedded Temporal server is restarted empty through
 * JMX ({@code EmbeddedServicesMXBean.restartTemporal}, on loopback) while breaches keep coming. The
 * open calls must come back through the reconciler with their deadline and their progress (a
 * liquidation whose first task was done resumes at the reclaim), and every breach sent across the
 * restart must be restricted at the exchange by the time it is answered (restrict first).
 */
final class TemporalOutage {
  private static final int BREACHES = 6;

  private final OutageContext ctx;

  TemporalOutage(OutageContext ctx) {
    this.ctx = ctx;
  }

  void run() throws Exception {
    String openAccount = ctx.account("t-open");
    String liqAccount = ctx.account("t-liq");
    String open = ctx.lifecycles.breach(openAccount, "PT10M", Lifecycles.CALL_CAB, "temporal");
    String liq = ctx.lifecycles.breach(liqAccount, "PT10M", Lifecycles.LIQUIDATION_CAB, "temporal");
    String close = Lifecycles.closeTask(liq);
    ctx.lifecycles.awaitTask(close, "OPEN");
    Api.expect(ctx.api.taskAction(close, "claim", "operator"), 200, "claim close");
    Api.expect(ctx.api.taskAction(close, "complete", "operator"), 200, "complete close");
    ctx.lifecycles.awaitTask(Lifecycles.reclaimTask(liq), "OPEN");
    JsonNode openBefore = ctx.api.call(open);
    JsonNode liqBefore = ctx.api.call(liq);
    List<String> fresh = new ArrayList<>();
    for (int i = 0; i < BREACHES; i++) {
      fresh.add(ctx.account("t-new-" + i));
      ctx.api.facility(fresh.get(i), "PT10M");
    }

    long offset = ctx.logSize();
    long started = System.nanoTime();
    CompletableFuture<Long> restart = CompletableFuture.supplyAsync(this::restartTemporal);
    List<String> freshCalls = new ArrayList<>();
    int restrictedOnAnswer = 0;
    int duringRestart = 0;
    for (String account : fresh) {
      String eventId = ctx.lifecycles.eventId(account);
      Api.Answer a = ctx.api.snapshot(eventId, account, Lifecycles.CALL_CAB);
      boolean restarting = !restart.isDone();
      Api.expect(a, 202, "breach across the restart " + account);
      ctx.ledger.ack(eventId);
      duringRestart += restarting ? 1 : 0;
      restrictedOnAnswer += ctx.exchange.restricted(account) ? 1 : 0;
      String callId = a.text("marginCallId");
      freshCalls.add(callId);
      ctx.ledger.call(callId, account, Invariants.deadlineOf(ctx.api.call(callId)), "temporal");
      Api.pause(150);
    }
    long restartMillis = restart.get();
    ctx.check(
        "temporal: every breach across the restart restricted before its answer",
        restrictedOnAnswer == BREACHES,
        restrictedOnAnswer + " of " + BREACHES + ", " + duringRestart + " answered mid-restart");

    for (String callId : List.of(open, liq)) {
      Api.await(
          Lifecycles.WAIT,
          callId + " recovered by the reconciler",
          () -> ctx.logSince(offset).contains("Started workflow " + callId + " (recovered)"));
    }
    long reconciled = System.nanoTime() - started;
    JsonNode openAfter = ctx.api.call(open);
    JsonNode liqAfter = ctx.api.call(liq);
    ctx.check(
        "temporal: deadlines kept",
        same(openBefore, openAfter, "deadline") && same(liqBefore, liqAfter, "deadline"),
        openAfter.path("deadline").asText() + ", " + liqAfter.path("deadline").asText());
    ctx.check(
        "temporal: status and liquidation progress kept",
        same(openBefore, openAfter, "status")
            && same(liqBefore, liqAfter, "status")
            && same(liqBefore, liqAfter, "currentStep"),
        liqAfter.path("status").asText() + " at " + liqAfter.path("currentStep").asText());
    ctx.check(
        "temporal: the done task stays done",
        "DONE".equals(ctx.api.task(close).path("status").asText()),
        close);
    ctx.add(ctx.invariants.tasksKept());

    ctx.lifecycles.cure(open, openAccount);
    ctx.lifecycles.finishLiquidation(liq, liqAccount);
    for (int i = 0; i < BREACHES; i++) {
      ctx.lifecycles.cure(freshCalls.get(i), fresh.get(i));
    }
    ctx.check("temporal: every call then completes", true, (2 + BREACHES) + " calls");
    ctx.figure("temporal", "restartTemporal() took (ms)", restartMillis);
    ctx.figure(
        "temporal",
        "breaches sent across the restart / restricted on answer",
        BREACHES + " / " + restrictedOnAnswer);
    ctx.figure(
        "temporal", "restart to both calls reconciled (s)", OutageContext.seconds(reconciled));
  }

  private static boolean same(JsonNode before, JsonNode after, String field) {
    return before.path(field).asText("").equals(after.path(field).asText(""));
  }

  private long restartTemporal() {
    long started = System.nanoTime();
    String url = "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + ctx.jmxPort + "/jmxrmi";
    try (JMXConnector jmx = JMXConnectorFactory.connect(new JMXServiceURL(url))) {
      jmx.getMBeanServerConnection()
          .invoke(
              new ObjectName("org.margindesk:type=EmbeddedServices"),
              "restartTemporal",
              new Object[0],
              new String[0]);
    } catch (IOException | javax.management.JMException e) {
      throw new IllegalStateException("restartTemporal over JMX failed", e);
    }
    return (System.nanoTime() - started) / 1_000_000;
  }
}
