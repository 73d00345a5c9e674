package org.margindesk.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.margindesk.api.IngestTestSupport.countWhere;
import static org.margindesk.api.IngestTestSupport.freshAccount;
import static org.margindesk.api.IngestTestSupport.post;
import static org.margindesk.api.IngestTestSupport.registerFacility;
import static org.margindesk.api.IngestTestSupport.snapshot;
import static org.margindesk.api.IngestTestSupport.stringWhere;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.margindesk.service.RecordingMarginCallLifecycle;

/**
 * Single snapshots sent at once: they share transactions (group commit), and each is still answered
 * as if it came alone. 100 breaching snapshots for one fresh account make exactly one call.
 */
@QuarkusTest
class RiskIngestionConcurrencyTest {
  private static final int SNAPSHOTS = 100;

  @Inject AgroalDataSource dataSource;

  @Test
  void givenParallelBreachesForAFreshAccount_whenIngested_thenExactlyOneCallOpens()
      throws Exception {
    String account = freshAccount();
    registerFacility(account, account, "10000", "USDT");
    List<String> bodies = new ArrayList<>();
    for (int i = 0; i < SNAPSHOTS; i++) {
      bodies.add(
          snapshot(
              account + "-" + i,
              account,
              Instant.parse("2026-11-22T10:00:00Z").plusSeconds(i).toString(),
              "12000",
              "9"));
    }

    for (ValidatableResponse answer : sendAtOnce(bodies)) {
      answer.statusCode(202);
    }

    assertThat(RecordingMarginCallLifecycle.changesFor(account)).hasSize(1);
    assertThat(RecordingMarginCallLifecycle.callsOpened(account)).isEqualTo(1);
    assertThat(
            countWhere(
                dataSource, "SELECT count(*) FROM margin_call WHERE account_id = ?", account))
        .isEqualTo(1);
    assertThat(
            stringWhere(
                dataSource,
                "SELECT to_char(as_of AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS')"
                    + " FROM account_risk WHERE account_id = ?",
                account))
        .isEqualTo("2026-11-22T10:01:39");
    assertThat(
            countWhere(
                dataSource, "SELECT count(*) FROM risk_snapshot WHERE account_id = ?", account))
        .isEqualTo(SNAPSHOTS);
    assertThat(
            countWhere(
                dataSource,
                "SELECT count(*) FROM audit_record WHERE account_id = ? AND action ="
                    + " 'ASSESSMENT_CHANGED'",
                account))
        .isEqualTo(1);
  }

  /**
   * Every kind of answer a single snapshot can get, sent together so they queue into shared
   * transactions: each item's answer is its own, and the bad ones change nothing.
   */
  @Test
  void givenMixedSingleSnapshotsSentAtOnce_whenIngested_thenEachGetsItsOwnAnswer()
      throws Exception {
    int accounts = 20;
    List<String> breaching = new ArrayList<>();
    for (int i = 0; i < accounts; i++) {
      String account = freshAccount();
      registerFacility(account, account, "10000", "USDT");
      breaching.add(account);
    }
    String unknown = freshAccount();
    String asOf = "2026-11-22T10:00:00Z";
    List<String> bodies = new ArrayList<>();
    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i < accounts; i++) {
      String account = breaching.get(i);
      String breach = snapshot(account, account, asOf, "12000", "9");
      // A breach and its retry (the same eventId): one applied, the other a duplicate.
      bodies.add(breach);
      expected.add(202);
      bodies.add(breach);
      expected.add(202);
      // No facility: 404.
      bodies.add(snapshot(unknown + "-" + i, unknown, asOf, "12000", "9"));
      expected.add(404);
      // Not a number: 400, refused before any transaction.
      bodies.add(snapshot(account + "-bad", account, asOf, "1e999999999", "9"));
      expected.add(400);
    }
    List<ValidatableResponse> answers = sendAtOnce(bodies);

    for (int i = 0; i < answers.size(); i++) {
      answers.get(i).statusCode(expected.get(i));
    }
    for (int i = 0; i < accounts; i++) {
      String account = breaching.get(i);
      ValidatableResponse first = answers.get(4 * i);
      ValidatableResponse retry = answers.get(4 * i + 1);
      String callId = first.extract().path("marginCallId");
      assertThat(callId).isNotNull();
      assertThat(retry.extract().<String>path("marginCallId")).isEqualTo(callId);
      assertThat(
              List.of(
                  first.extract().<Boolean>path("duplicate"),
                  retry.extract().<Boolean>path("duplicate")))
          .containsExactlyInAnyOrder(true, false);
      assertThat(
              countWhere(
                  dataSource, "SELECT count(*) FROM margin_call WHERE account_id = ?", account))
          .isEqualTo(1);
      assertThat(
              countWhere(
                  dataSource, "SELECT count(*) FROM risk_snapshot WHERE account_id = ?", account))
          .isEqualTo(1);
    }
    assertThat(
            countWhere(
                dataSource, "SELECT count(*) FROM risk_snapshot WHERE account_id = ?", unknown))
        .isZero();
  }

  /** POSTs every body as a single snapshot, all released at once; the answers in body order. */
  private static List<ValidatableResponse> sendAtOnce(List<String> bodies) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(bodies.size());
    CountDownLatch start = new CountDownLatch(1);
    List<Future<ValidatableResponse>> futures = new ArrayList<>();
    try {
      for (String body : bodies) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return post("feed", "/api/v1/risk-snapshots", body);
                }));
      }
      start.countDown();
      List<ValidatableResponse> answers = new ArrayList<>();
      for (Future<ValidatableResponse> future : futures) {
        answers.add(future.get(60, TimeUnit.SECONDS));
      }
      return answers;
    } finally {
      pool.shutdownNow();
    }
  }
}
