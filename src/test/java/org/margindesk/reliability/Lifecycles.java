package org.margindesk.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drives margin calls through the API as people would: breaches from the feed, the liquidation
 * tasks done by operators, the Margin+ reclaim completed by one supervisor and approved by another
 * (four-eyes), cures. Every wait polls with a bound.
 */
final class Lifecycles {
  static final Duration WAIT = Duration.ofSeconds(90);

  /** CAB for an M+ of 10,000: a margin call, a hard breach, healthy. */
  static final String CALL_CAB = "12000";

  static final String LIQUIDATION_CAB = "10500";
  static final String HEALTHY_CAB = "12600";

  private static final AtomicLong EVENTS = new AtomicLong();

  private final Api api;
  private final Ledger ledger;
  private final String run;

  Lifecycles(Api api, Ledger ledger, String run) {
    this.api = api;
    this.ledger = ledger;
    this.run = run;
  }

  String eventId(String account) {
    return "rel-" + run + "-" + account + "-" + EVENTS.incrementAndGet() + "-" + System.nanoTime();
  }

  /** A facility and a breach at {@code cab}: the call's id once the account is restricted. */
  String breach(String account, String window, String cab, String state) throws IOException {
    api.facility(account, window);
    String eventId = eventId(account);
    Api.Answer answer = Api.expect(api.snapshot(eventId, account, cab), 202, "breach " + account);
    ledger.ack(eventId);
    String callId = answer.text("marginCallId");
    if (callId == null) {
      throw new IllegalStateException("no call opened for " + account + ": " + answer.body());
    }
    JsonNode call = api.call(callId);
    ledger.call(callId, account, Invariants.deadlineOf(call), state);
    Api.await(WAIT, account + " restricted", () -> restricted(account));
    return callId;
  }

  boolean restricted(String account) throws IOException {
    JsonNode view = api.get("/api/v1/accounts/" + account, "viewer").body();
    JsonNode controls = view.path("restrictions");
    return controls.path("reduceOnly").asBoolean(false)
        && !controls.path("withdrawalsEnabled").asBoolean(true);
  }

  boolean controlRestored(String account) throws IOException {
    JsonNode controls =
        api.get("/api/v1/accounts/" + account, "viewer").body().path("restrictions");
    return !controls.path("reduceOnly").asBoolean(true)
        && controls.path("withdrawalsEnabled").asBoolean(false)
        && controls.path("tradingEnabled").asBoolean(false);
  }

  void awaitStatus(String callId, String status) {
    Api.await(
        WAIT, callId + " " + status, () -> status.equals(api.call(callId).path("status").asText()));
  }

  /** Waits for the task to exist in one of the given statuses; returns its view. */
  JsonNode awaitTask(String taskId, String... statuses) {
    JsonNode[] seen = new JsonNode[1];
    Api.await(
        WAIT,
        "task " + taskId + " " + String.join("|", statuses),
        () -> {
          seen[0] = api.task(taskId);
          String status = seen[0].path("status").asText("");
          for (String s : statuses) {
            if (s.equals(status)) {
              return true;
            }
          }
          return false;
        });
    return seen[0];
  }

  static String closeTask(String callId) {
    return callId + ":close-all-positions";
  }

  static String reclaimTask(String callId) {
    return callId + ":reclaim-margin-plus-funds";
  }

  /** CLOSE_ALL_POSITIONS claimed by an operator (and left open). */
  void claimClose(String callId) throws IOException {
    awaitTask(closeTask(callId), "OPEN");
    Api.expect(api.taskAction(closeTask(callId), "claim", "operator"), 200, "claim close");
    ledger.task(closeTask(callId), "CLAIMED");
  }

  /** The reclaim completed by supervisor2 and waiting for a second person's approval. */
  void reclaimAwaitingApproval(String callId) throws IOException {
    finishClose(callId);
    String reclaim = reclaimTask(callId);
    awaitTask(reclaim, "OPEN");
    Api.expect(api.taskAction(reclaim, "claim", "supervisor2"), 200, "claim reclaim");
    Api.Answer done = api.taskAction(reclaim, "complete", "supervisor2");
    Api.expect(done, 200, "complete reclaim");
    if (!"AWAITING_APPROVAL".equals(done.text("status"))) {
      throw new IllegalStateException("the reclaim is not awaiting approval: " + done.body());
    }
    ledger.task(reclaim, "AWAITING_APPROVAL");
  }

  private void finishClose(String callId) throws IOException {
    String close = closeTask(callId);
    JsonNode task = awaitTask(close, "OPEN", "CLAIMED", "DONE");
    String status = task.path("status").asText();
    if (status.equals("OPEN")) {
      Api.expect(api.taskAction(close, "claim", "operator"), 200, "claim close");
    }
    if (!status.equals("DONE")) {
      Api.expect(api.taskAction(close, "complete", "operator"), 200, "complete close");
    }
  }

  /**
   * Whatever liquidation step the call is at: the tasks done with four-eyes on the reclaim, then
   * LIQUIDATED with the account's control restored.
   */
  void finishLiquidation(String callId, String account) throws IOException {
    awaitStatus(callId, "LIQUIDATING");
    String reclaim = reclaimTask(callId);
    JsonNode task = api.task(reclaim);
    String status = task.path("status").asText("");
    if (!status.equals("AWAITING_APPROVAL") && !status.equals("DONE")) {
      reclaimAwaitingApproval(callId);
    }
    if (!awaitTask(reclaim, "AWAITING_APPROVAL", "DONE").path("status").asText().equals("DONE")) {
      Api.Answer self = api.taskAction(reclaim, "approve", "supervisor2");
      Api.expect(self, 403, "self-approval refused");
      Api.expect(api.taskAction(reclaim, "approve", "supervisor"), 200, "approve reclaim");
    }
    awaitStatus(callId, "LIQUIDATED");
    Api.await(WAIT, account + " control restored", () -> controlRestored(account));
  }

  /** A snapshot below 110% of M+: the account's open call escalates to liquidation at once. */
  void hardBreach(String account) throws IOException {
    String eventId = eventId(account);
    Api.expect(api.snapshot(eventId, account, LIQUIDATION_CAB), 202, "hard breach " + account);
    ledger.ack(eventId);
  }

  /** A healthy snapshot; the call CURED and the restrictions lifted. */
  void cure(String callId, String account) throws IOException {
    String eventId = eventId(account);
    Api.expect(api.snapshot(eventId, account, HEALTHY_CAB), 202, "cure " + account);
    ledger.ack(eventId);
    awaitStatus(callId, "CURED");
    Api.await(WAIT, account + " control restored", () -> controlRestored(account));
  }
}
