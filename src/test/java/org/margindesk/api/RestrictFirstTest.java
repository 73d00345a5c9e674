package org.margindesk.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.margindesk.api.IngestTestSupport.freshAccount;
import static org.margindesk.api.IngestTestSupport.post;
import static org.margindesk.api.IngestTestSupport.registerFacility;
import static org.margindesk.api.IngestTestSupport.rowsWhere;
import static org.margindesk.api.IngestTestSupport.snapshot;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.margindesk.audit.AuditChainVerifier;
import org.margindesk.pacing.IngestionPressure;
import org.margindesk.service.Poll;

/**
 * Ingestion restricts a breach before it answers: the account is reduce-only with withdrawals off
 * when the answer arrives, under the keys the call's workflow uses, so the workflow's own opening
 * step changes nothing more. A batch does all of it in one transaction and still answers each item
 * as if it had been sent alone.
 */
@QuarkusTest
class RestrictFirstTest {
  private static final String PATH = "/api/v1/risk-snapshots";

  @Inject AgroalDataSource dataSource;
  @Inject AuditChainVerifier verifier;
  @Inject IngestionPressure pressure;

  @Test
  void
      givenABatchOfMixedItems_whenPosted_thenEachIsAnsweredAndEveryBreachIsRestrictedByTheAnswer() {
    String call = freshAccount();
    String liquidation = freshAccount();
    String healthy = freshAccount();
    for (String account : List.of(call, liquidation, healthy)) {
      registerFacility(account, account, "10000", "USDT");
    }
    String body =
        "{\"items\":["
            + String.join(
                ",",
                snapshot(call + "-1", call, "2026-11-22T10:00:00Z", "12000", null),
                snapshot(liquidation + "-1", liquidation, "2026-11-22T10:00:00Z", "10500", null),
                snapshot(healthy + "-2", healthy, "2026-11-22T10:05:00Z", "20000", null),
                snapshot(healthy + "-1", healthy, "2026-11-22T10:00:00Z", "1", null),
                "{\"eventId\":\"" + call + "-bad\",\"accountId\":\"" + call + "\"}",
                snapshot(call + "-x", "no-" + call, "2026-11-22T10:00:00Z", "1", null),
                snapshot(call + "-1", call, "2026-11-22T10:00:00Z", "12000", null),
                snapshot(call + "-1", healthy, "2026-11-22T10:00:00Z", "12000", null))
            + "]}";

    ExtractableResponse<Response> answer =
        post("feed", PATH + "/batch", body)
            .statusCode(200)
            .body("accepted", equalTo(5))
            .body("items.status", contains(202, 202, 202, 202, 400, 404, 202, 409))
            .body("items[0].result.assessment", equalTo("MARGIN_CALL"))
            .body("items[0].result.marginCallId", equalTo("margin-call-" + call + "-1"))
            .body("items[0].result.restriction", equalTo("APPLIED"))
            .body("items[1].result.assessment", equalTo("LIQUIDATION"))
            .body("items[1].result.restriction", equalTo("APPLIED"))
            .body("items[2].result.assessment", equalTo("HEALTHY"))
            .body("items[2].result.restriction", nullValue())
            .body("items[3].result.stale", equalTo(true))
            .body("items[6].result.duplicate", equalTo(true))
            .body("items[6].result.marginCallId", equalTo("margin-call-" + call + "-1"))
            .body("items[7].problem.status", equalTo(409))
            .extract();

    // Read as the answer arrived, before any workflow could have run: the restriction is there.
    for (String account : List.of(call, liquidation)) {
      String callId = "margin-call-" + account + "-1";
      assertThat(restrictedAtTheExchange(account)).isEqualTo(1);
      assertThat(
              rowsWhere(
                  dataSource,
                  "sim_side_effect",
                  "idempotency_key IN (? || ':open:reduce-only-on', ? || ':open:withdrawals-off')",
                  callId,
                  callId))
          .isEqualTo(2);
      assertThat(
              rowsWhere(dataSource, "margin_call", "id = ? AND restricted_at IS NOT NULL", callId))
          .isEqualTo(1);
    }
    // The call that opens liquidating had its first step taken too: trading is off by the answer,
    // under the step's keys, while the margin call's holder may still reduce positions.
    String liquidationId = "margin-call-" + liquidation + "-1";
    assertThat(tradingOffAtTheExchange(liquidation)).isEqualTo(1);
    assertThat(tradingOffAtTheExchange(call)).isZero();
    assertThat(
            rowsWhere(
                dataSource,
                "audit_record",
                "event_key IN (? || ':liquidation:disable-trading-and-withdrawals:trading-off',"
                    + " ? || ':liquidation:disable-trading-and-withdrawals:withdrawals-off')",
                liquidationId,
                liquidationId))
        .isEqualTo(2);
    assertThat(rowsWhere(dataSource, "sim_account_control", "account_id = ?", healthy)).isZero();
    assertThat(answer.path("items[0].result.snapshotId").toString()).isNotBlank();
    assertThat(verifier.verify().valid()).isTrue();

    // Then the workflow opens the call, and its own restriction step finds both effects done.
    String callId = "margin-call-" + call + "-1";
    Poll.until(
        Duration.ofSeconds(20),
        "the CALL_OPENED record of " + callId,
        () ->
            rowsWhere(
                    dataSource,
                    "audit_record",
                    "margin_call_id = ? AND action = 'CALL_OPENED'",
                    callId)
                > 0);
    assertThat(rowsWhere(dataSource, "sim_side_effect", "account_id = ?", call)).isEqualTo(2);
    assertThat(
            rowsWhere(
                dataSource,
                "audit_record",
                "margin_call_id = ? AND action IN ('REDUCE_ONLY_ON', 'WITHDRAWALS_OFF')",
                callId))
        .isEqualTo(2);
    assertThat(verifier.verify().valid()).isTrue();
  }

  @Test
  void givenABatchRestrictingABreach_whenItIsInFlight_thenBookkeepingWaitsUntilItHasCommitted()
      throws Exception {
    String account = freshAccount();
    registerFacility(account, account, "10000", "USDT");
    String body =
        "{\"items\":["
            + snapshot(account + "-1", account, "2026-11-22T10:00:00Z", "12000", null)
            + "]}";
    java.util.concurrent.CompletableFuture<Integer> answered;
    // The facility's row held by another transaction (not its key, which the batch's foreign keys
    // share): the batch, having found its breach, waits for it to number the call.
    try (java.sql.Connection holder = dataSource.getConnection()) {
      holder.setAutoCommit(false);
      try (java.sql.PreparedStatement lock =
          holder.prepareStatement(
              "SELECT 1 FROM facility WHERE account_id = ? FOR NO KEY UPDATE")) {
        lock.setString(1, account);
        lock.execute();
      }
      answered =
          java.util.concurrent.CompletableFuture.supplyAsync(
              () -> post("feed", PATH + "/batch", body).extract().statusCode());
      Poll.until(
          Duration.ofSeconds(30),
          "the batch restricting its breach holds bookkeeping back",
          () -> pressure.holds(pressure.restrictionsDeadlineFromNow()));
      assertThat(answered).isNotDone();
      holder.rollback();
    }

    assertThat(answered.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(200);
    assertThat(pressure.holds(pressure.restrictionsDeadlineFromNow())).isFalse();
    assertThat(restrictedAtTheExchange(account)).isEqualTo(1);
  }

  @Test
  void givenABatchAlreadyApplied_whenSentAgain_thenEveryItemIsADuplicateAndNothingHappensTwice() {
    String first = freshAccount();
    String second = freshAccount();
    registerFacility(first, first, "10000", "USDT");
    registerFacility(second, second, "10000", "USDT");
    String body =
        "{\"items\":["
            + snapshot(first + "-1", first, "2026-11-22T10:00:00Z", "12000", null)
            + ","
            + snapshot(second + "-1", second, "2026-11-22T10:00:00Z", "9000", null)
            + "]}";
    ExtractableResponse<Response> once =
        post("feed", PATH + "/batch", body).statusCode(200).body("accepted", equalTo(2)).extract();
    long effects = effectsOf(first, second);
    long snapshots = countOf("risk_snapshot", first, second);
    long calls = countOf("margin_call", first, second);
    long changes = auditOf(first, second);

    post("feed", PATH + "/batch", body)
        .statusCode(200)
        .body("accepted", equalTo(2))
        .body("items.result.duplicate", contains(true, true))
        .body(
            "items.result.snapshotId",
            contains(
                once.path("items[0].result.snapshotId").toString(),
                once.path("items[1].result.snapshotId").toString()))
        .body(
            "items.result.marginCallId",
            contains("margin-call-" + first + "-1", "margin-call-" + second + "-1"));

    assertThat(effectsOf(first, second)).isEqualTo(effects);
    assertThat(countOf("risk_snapshot", first, second)).isEqualTo(snapshots);
    assertThat(countOf("margin_call", first, second)).isEqualTo(calls);
    assertThat(auditOf(first, second)).isEqualTo(changes);
  }

  @Test
  void givenTwoBatchesUsingOneEventIdForTwoAccounts_whenSentAtOnce_thenOneAppliesAndTheOtherIs409()
      throws Exception {
    String first = freshAccount();
    String second = freshAccount();
    registerFacility(first, first, "10000", "USDT");
    registerFacility(second, second, "10000", "USDT");
    String eventId = first + "-shared";
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(2);
    java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
    try {
      List<java.util.concurrent.Future<Integer>> statuses = new java.util.ArrayList<>();
      for (String account : List.of(first, second)) {
        String body =
            "{\"items\":["
                + snapshot(eventId, account, "2026-11-22T10:00:00Z", "12000", null)
                + "]}";
        statuses.add(
            pool.submit(
                () -> {
                  go.await();
                  return post("feed", PATH + "/batch", body)
                      .statusCode(200)
                      .extract()
                      .<Integer>path("items[0].status");
                }));
      }
      go.countDown();
      List<Integer> answered = new java.util.ArrayList<>();
      for (java.util.concurrent.Future<Integer> status : statuses) {
        answered.add(status.get(30, java.util.concurrent.TimeUnit.SECONDS));
      }

      assertThat(answered).containsExactlyInAnyOrder(202, 409);
      assertThat(rowsWhere(dataSource, "risk_snapshot", "event_id = ?", eventId)).isEqualTo(1);
      assertThat(rowsWhere(dataSource, "margin_call", "account_id IN (?, ?)", first, second))
          .isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  private long effectsOf(String first, String second) {
    // What ingestion sends (the opening restrictions, and a liquidating call's first step): its
    // workflow goes on to other effects.
    return rowsWhere(
        dataSource,
        "sim_side_effect",
        "account_id IN (?, ?) AND (idempotency_key LIKE '%:open:%' OR idempotency_key LIKE"
            + " '%:liquidation:disable-trading-and-withdrawals:%')",
        first,
        second);
  }

  /** 1 if the simulated exchange has the account's trading disabled. */
  private long tradingOffAtTheExchange(String account) {
    return rowsWhere(
        dataSource, "sim_account_control", "account_id = ? AND NOT trading_enabled", account);
  }

  /** 1 if the simulated exchange has the account reduce-only with withdrawals off. */
  private long restrictedAtTheExchange(String account) {
    return rowsWhere(
        dataSource,
        "sim_account_control",
        "account_id = ? AND reduce_only AND NOT withdrawals_enabled",
        account);
  }

  private long countOf(String table, String first, String second) {
    return rowsWhere(dataSource, table, "account_id IN (?, ?)", first, second);
  }

  private long auditOf(String first, String second) {
    return rowsWhere(
        dataSource,
        "audit_record",
        "account_id IN (?, ?) AND (action = 'ASSESSMENT_CHANGED' OR (action IN"
            + " ('REDUCE_ONLY_ON', 'WITHDRAWALS_OFF') AND event_key LIKE '%:open:%'))",
        first,
        second);
  }
}
