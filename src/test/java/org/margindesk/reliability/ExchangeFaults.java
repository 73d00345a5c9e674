package org.margindesk.reliability;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The exchange part of the outage suite: one account per fault of {@link FaultyExchange}, each
 * breached (the restriction goes through the fault), then cured (the lifting goes through it
 * again). The refusing account's 4xx must become an EXCHANGE_REFUSED task, a supervisor notice and
 * a count in margindesk_exchange_refusals_total; the operator retries it once the exchange accepts.
 */
final class ExchangeFaults {
  static final List<String> FAULTS = List.of("timeout", "5xx", "reset", "slow", "dup", "refuse");

  private final OutageContext ctx;

  ExchangeFaults(OutageContext ctx) {
    this.ctx = ctx;
  }

  void run() throws IOException, SQLException {
    Map<String, String> calls = new LinkedHashMap<>();
    Map<String, Long> restrictedIn = new LinkedHashMap<>();
    for (String fault : FAULTS) {
      String account = ctx.account("x-" + fault);
      ctx.api.facility(account, "PT10M");
      long started = System.nanoTime();
      String eventId = ctx.lifecycles.eventId(account);
      Api.Answer answer =
          Api.expect(
              ctx.api.snapshot(eventId, account, Lifecycles.CALL_CAB), 202, "breach " + account);
      ctx.ledger.ack(eventId);
      String callId = answer.text("marginCallId");
      ctx.ledger.call(callId, account, Invariants.deadlineOf(ctx.api.call(callId)), "exchange");
      calls.put(fault, callId);
      if (!fault.equals("refuse")) {
        Api.await(
            Lifecycles.WAIT,
            account + " restricted at the exchange",
            Api.IoCondition.of(() -> ctx.exchange.restricted(account)));
        restrictedIn.put(fault, System.nanoTime() - started);
      }
    }
    refusal(calls.get("refuse"), ctx.account("x-refuse"));
    for (String fault : FAULTS) {
      String account = ctx.account("x-" + fault);
      ctx.lifecycles.cure(calls.get(fault), account);
      int[] byKey = ctx.exchange.totals(calls.get(fault) + ":");
      ctx.figure(
          "exchange",
          fault + ": requests / effects, breach to restricted (s)",
          byKey[0]
              + " / "
              + byKey[1]
              + ", "
              + (restrictedIn.containsKey(fault)
                  ? OutageContext.seconds(restrictedIn.get(fault))
                  : "after the operator's retry"));
    }
    List<String> repeated = ctx.exchange.repeatedEffects();
    ctx.check(
        "exchange: each effect performed once (by key, by account and effect)",
        repeated.isEmpty(),
        repeated.isEmpty() ? ctx.exchange.effects() + " effects" : String.join("; ", repeated));
  }

  private void refusal(String callId, String account) throws IOException, SQLException {
    String taskId = callId + ":exchange-refused:open:reduce-only-on:1";
    ctx.lifecycles.awaitTask(taskId, "OPEN");
    ctx.check("exchange: a 4xx becomes an EXCHANGE_REFUSED task", true, taskId);
    String metric = "margindesk_exchange_refusals_total{effect=\"reduce_only_on\"}";
    double refused = metricValue(ctx.api.metrics(), metric);
    ctx.check("exchange: the refusal is counted", refused >= 1, metric + " " + refused);
    long notices;
    try (Connection c = ctx.invariants.connect();
        PreparedStatement q =
            c.prepareStatement(
                "SELECT count(*) FROM notification WHERE margin_call_id = ? AND type ="
                    + " 'EXCHANGE_REFUSED'")) {
      q.setString(1, callId);
      try (ResultSet r = q.executeQuery()) {
        r.next();
        notices = r.getLong(1);
      }
    }
    ctx.check("exchange: supervisors get an EXCHANGE_REFUSED notice", notices >= 1, notices + "");
    ctx.exchange.refusing = false;
    Api.expect(ctx.api.taskAction(taskId, "claim", "operator"), 200, "claim refusal");
    Api.expect(
        ctx.api.post(
            "/api/v1/tasks/" + taskId + "/complete",
            "operator",
            "{\"resolution\":\"RETRY\",\"note\":\"compliance lifted the freeze\"}"),
        200,
        "retry refusal");
    Api.await(
        Lifecycles.WAIT,
        account + " restricted after the retry",
        Api.IoCondition.of(() -> ctx.exchange.restricted(account)));
    ctx.figure(
        "exchange", "refused (422) answers before the operator's retry", ctx.exchange.refusals());
  }

  static double metricValue(String metrics, String series) {
    for (String line : metrics.split("\n")) {
      if (line.startsWith(series + " ")) {
        return Double.parseDouble(line.substring(series.length() + 1).trim());
      }
    }
    return 0;
  }
}
