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
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.margindesk.service.RecordingMarginCallLifecycle;

/** 100 breaching snapshots for one fresh account sent at once make exactly one call. */
@QuarkusTest
class RiskIngestionConcurrencyTest {
  private static final int SNAPSHOTS = 100;

  @Inject AgroalDataSource dataSource;

  @Test
  void givenParallelBreachesForAFreshAccount_whenIngested_thenExactlyOneCallOpens()
      throws Exception {
    String account = freshAccount();
    registerFacility(account, account, "10000", "USDT");
    ExecutorService pool = Executors.newFixedThreadPool(SNAPSHOTS);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Integer>> results = new ArrayList<>();
    try {
      for (int i = 0; i < SNAPSHOTS; i++) {
        String body =
            snapshot(
                account + "-" + i,
                account,
                Instant.parse("2026-11-22T10:00:00Z").plusSeconds(i).toString(),
                "12000",
                "9");
        Callable<Integer> send =
            () -> {
              start.await();
              return post("feed", "/api/v1/risk-snapshots", body).extract().statusCode();
            };
        results.add(pool.submit(send));
      }
      start.countDown();
      for (Future<Integer> result : results) {
        assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo(202);
      }
    } finally {
      pool.shutdownNow();
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
}
