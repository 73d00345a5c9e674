package org.margindesk.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.margindesk.api.MarginCallTestSupport.WAIT;
import static org.margindesk.api.MarginCallTestSupport.as;
import static org.margindesk.api.MarginCallTestSupport.awaitAudit;
import static org.margindesk.api.MarginCallTestSupport.freshAccount;
import static org.margindesk.api.MarginCallTestSupport.openCall;
import static org.margindesk.api.MarginCallTestSupport.registerFacility;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.margindesk.service.LifecycleFixtures;
import org.margindesk.service.Poll;

/**
 * Two things that change one call arriving at the same moment, against the real workflows and
 * PostgreSQL. Either may be applied first; whichever it is, the end state must be one the rules
 * allow, and the database, the API and the audit trail must tell the same story.
 */
@QuarkusTest
class LifecycleRacesTest {
  private static final int ROUNDS = 3;
  private static final ExecutorService POOL = Executors.newFixedThreadPool(2);

  @Inject LifecycleFixtures fixtures;

  @AfterAll
  static void stopPool() {
    POOL.shutdownNow();
  }

  /**
   * A cure (10:01) and a hard breach (10:02, below 110% of M+) sent together. If the cure is
   * applied first the call is CURED and the later breach opens a second call that liquidates at
   * once; if the breach is first the call liquidates and the older cure is stale. Never both on one
   * call, and the account always ends restricted by a liquidating call.
   */
  @Test
  void givenAnOpenCall_whenACureAndAHardBreachArriveTogether_thenOneConsistentOutcome()
      throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      String account = freshAccount("cure-vs-breach");
      registerFacility(account, null);
      String first = openCall(fixtures, account, "2026-11-22T10:00:00Z");

      List<Integer> answers =
          together(
              () -> snapshot(account, "2026-11-22T10:01:00Z", "20000"),
              () -> snapshot(account, "2026-11-22T10:02:00Z", "10000"));

      assertThat(answers).as("round %d", round).containsOnly(202);
      Poll.until(
          WAIT,
          first + " cured or liquidating",
          () -> List.of("CURED", "LIQUIDATING").contains(fixtures.callStatus(first)));
      String status = fixtures.callStatus(first);
      String liquidating = first;
      if (status.equals("CURED")) {
        awaitAudit(fixtures, first, "CALL_CURED");
        liquidating = secondCall(account, first);
        assertThat(escalations(first)).as("the cured call").isZero();
      } else {
        assertThat(audits(first, "CALL_CURED")).as("the liquidating call").isZero();
        // The workflow records the escalation after the status it sets, and records stay staged
        // until the chainer links them: audit_record holds both, and the wait covers the gap.
        String call = first;
        Poll.until(WAIT, call + " escalation audited", () -> escalations(call) > 0);
        assertThat(escalations(first)).as("escalated by the hard breach, once").isEqualTo(1);
        assertThat(calls(account)).as("no second call for a stale cure").isEqualTo(1);
      }
      String callId = liquidating;
      Poll.until(
          WAIT, callId + " liquidating", () -> "LIQUIDATING".equals(fixtures.callStatus(callId)));
      assertThat(apiStatus(callId)).isEqualTo("LIQUIDATING");
      assertThat(apiStatus(first)).isEqualTo(status);
      assertThat(
              fixtures.count(
                  "SELECT count(*) FROM margin_call WHERE account_id = ? AND status NOT IN"
                      + " ('CURED', 'WAIVED', 'LIQUIDATED')",
                  account))
          .as("one call still working on the account")
          .isEqualTo(1);
      assertThat(
              fixtures.text(
                  "SELECT to_char(as_of AT TIME ZONE 'UTC', 'HH24:MI') FROM account_risk WHERE"
                      + " account_id = ?",
                  account))
          .as("the latest figures are the breach's")
          .isEqualTo("10:02");
    }
  }

  /**
   * Two supervisors: one extends the deadline, the other escalates, at once. The workflow takes its
   * updates one at a time: extension then escalation (both succeed, the call liquidates with the
   * extension on record) or escalation then extension (refused with 409: the call is no longer
   * OPEN, and the refusal is its only trace).
   */
  @Test
  void givenAnOpenCall_whenAnExtensionAndAnEscalationArriveTogether_thenOneConsistentOutcome()
      throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      String account = freshAccount("extend-vs-escalate");
      registerFacility(account, null);
      String callId = openCall(fixtures, account, "2026-11-22T10:00:00Z");

      List<Integer> answers =
          together(
              () ->
                  action(
                      "supervisor",
                      callId,
                      "extensions",
                      "{\"extendBy\":\"PT1H\",\"reason\":\"race\"}"),
              () -> action("supervisor2", callId, "escalations", "{\"reason\":\"race\"}"));

      int extension = answers.get(0);
      assertThat(answers.get(1)).as("round %d: the escalation", round).isEqualTo(200);
      assertThat(extension).as("round %d: the extension", round).isIn(201, 409);
      Poll.until(
          WAIT, callId + " liquidating", () -> "LIQUIDATING".equals(fixtures.callStatus(callId)));
      assertThat(apiStatus(callId)).isEqualTo("LIQUIDATING");
      assertThat(escalations(callId)).isEqualTo(1);
      long extensions =
          fixtures.count(
              "SELECT count(*) FROM margin_call_extension WHERE margin_call_id = ?", callId);
      if (extension == 201) {
        assertThat(extensions).isEqualTo(1);
        assertThat(audits(callId, "DEADLINE_EXTENDED")).isEqualTo(1);
        assertThat(audits(callId, "EXTENSION_REJECTED")).isZero();
      } else {
        assertThat(extensions).isZero();
        assertThat(audits(callId, "DEADLINE_EXTENDED")).isZero();
        assertThat(audits(callId, "EXTENSION_REJECTED")).isEqualTo(1);
      }
    }
  }

  /** Runs both at the same moment (a barrier) and returns their answers in argument order. */
  private static List<Integer> together(Callable<Integer> a, Callable<Integer> b) throws Exception {
    CyclicBarrier start = new CyclicBarrier(2);
    Future<Integer> first = POOL.submit(() -> after(start, a));
    Future<Integer> second = POOL.submit(() -> after(start, b));
    return List.of(first.get(60, TimeUnit.SECONDS), second.get(60, TimeUnit.SECONDS));
  }

  private static int after(CyclicBarrier start, Callable<Integer> call) throws Exception {
    start.await(10, TimeUnit.SECONDS);
    return call.call();
  }

  private static int snapshot(String account, String asOf, String collateral) {
    return as("feed")
        .contentType(ContentType.JSON)
        .body(MarginCallTestSupport.snapshotBody(account, asOf, collateral))
        .post("/api/v1/risk-snapshots")
        .statusCode();
  }

  private static int action(String user, String callId, String action, String body) {
    Response response =
        as(user)
            .contentType(ContentType.JSON)
            .body(body)
            .post("/api/v1/margin-calls/{id}/" + action, callId);
    if (response.statusCode() >= 400) {
      assertThat(response.contentType()).startsWith("application/problem+json");
    }
    return response.statusCode();
  }

  private String secondCall(String account, String first) {
    Poll.until(WAIT, "a second call on " + account, () -> calls(account) == 2);
    return fixtures.text(
        "SELECT id FROM margin_call WHERE account_id = ? AND id <> ?", account, first);
  }

  private long calls(String account) {
    return fixtures.count("SELECT count(*) FROM margin_call WHERE account_id = ?", account);
  }

  private long audits(String callId, String action) {
    return fixtures.count(
        "SELECT count(*) FROM audit_record WHERE margin_call_id = ? AND action = ?",
        callId,
        action);
  }

  /** Escalation records (CALL_ESCALATED_HARD_BREACH, _SUPERVISOR, …) of one call. */
  private long escalations(String callId) {
    return fixtures.count(
        "SELECT count(*) FROM audit_record WHERE margin_call_id = ? AND action LIKE"
            + " 'CALL\\_ESCALATED\\_%'",
        callId);
  }

  private static String apiStatus(String callId) {
    return as("viewer")
        .get("/api/v1/margin-calls/{id}", callId)
        .then()
        .statusCode(200)
        .extract()
        .path("status");
  }
}
