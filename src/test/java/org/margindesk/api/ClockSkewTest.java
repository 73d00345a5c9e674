package org.margindesk.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.margindesk.api.IngestTestSupport.counts;
import static org.margindesk.api.IngestTestSupport.freshAccount;
import static org.margindesk.api.IngestTestSupport.post;
import static org.margindesk.api.IngestTestSupport.registerFacility;
import static org.margindesk.api.IngestTestSupport.snapshot;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.margindesk.config.TestClock;

/**
 * One snapshot dated in the future would make every real snapshot after it stale until that date:
 * an asOf (or a Binance E) more than margin-desk.ingest.max-clock-skew (5 minutes by default) ahead
 * of the service's clock is refused with a 400 naming it.
 */
@QuarkusTest
class ClockSkewTest {
  private static final String SNAPSHOTS = "/api/v1/risk-snapshots";

  @Inject AgroalDataSource dataSource;
  @Inject TestClock clock;

  @AfterEach
  void resetClock() {
    clock.reset();
  }

  private String facility() {
    String account = freshAccount();
    registerFacility(account, account + "-alias", "10000", "USDT");
    return account;
  }

  private String inFuture(Duration ahead) {
    return clock.instant().plus(ahead).toString();
  }

  @Test
  void givenAnAsOfBeyondTheSkew_whenIngested_then400NamingAsOfAndNothingStored() {
    String account = facility();
    IngestTestSupport.Counts before = counts(dataSource);

    post(
            "feed",
            SNAPSHOTS,
            snapshot("e-" + UUID.randomUUID(), account, "2062-01-01T00:00:00Z", "20000", null))
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors.field", contains("asOf"));
    post(
            "feed",
            SNAPSHOTS,
            snapshot(
                "e-" + UUID.randomUUID(), account, inFuture(Duration.ofMinutes(6)), "20000", null))
        .statusCode(400)
        .body("errors.field", contains("asOf"));

    assertThat(counts(dataSource)).isEqualTo(before);
    // Within the skew a clock that runs a little ahead of ours is still believed.
    post(
            "feed",
            SNAPSHOTS,
            snapshot(
                "e-" + UUID.randomUUID(), account, inFuture(Duration.ofMinutes(4)), "20000", null))
        .statusCode(202)
        .body("stale", equalTo(false));
  }

  @Test
  void givenTheServiceClockMovesOn_whenTheSameAsOfIsSentAgain_thenItIsAccepted() {
    String account = facility();
    String asOf = inFuture(Duration.ofHours(1));
    String body = snapshot("e-" + UUID.randomUUID(), account, asOf, "20000", null);
    post("feed", SNAPSHOTS, body).statusCode(400);

    clock.advance(Duration.ofHours(1));

    post("feed", SNAPSHOTS, body).statusCode(202);
  }

  @Test
  void givenABatchWithOneItemTooFarAhead_whenPosted_thenOnlyThatItemIsRefused() {
    String account = facility();
    Instant now = clock.instant();
    String batch =
        "{\"items\":["
            + snapshot(
                "e-" + UUID.randomUUID(), account, now.minusSeconds(60).toString(), "20000", null)
            + ","
            + snapshot(
                "e-" + UUID.randomUUID(), account, inFuture(Duration.ofDays(365)), "20000", null)
            + ","
            + snapshot("e-" + UUID.randomUUID(), account, now.toString(), "20000", null)
            + "]}";

    post("feed", SNAPSHOTS + "/batch", batch)
        .statusCode(200)
        .body("accepted", equalTo(2))
        .body("failed", equalTo(1))
        .body("items[0].status", equalTo(202))
        .body("items[1].status", equalTo(400))
        .body("items[1].problem.errors.field", contains("asOf"))
        .body("items[2].status", equalTo(202))
        .body("items[2].result.stale", equalTo(false));
  }

  @Test
  void givenAWhatIfDatedTooFarAhead_whenAsked_then400NamingAsOf() {
    String account = facility();

    post(
            "viewer",
            SNAPSHOTS + "/what-if",
            "{\"accountId\":\""
                + account
                + "\",\"asOf\":\""
                + inFuture(Duration.ofMinutes(30))
                + "\",\"collateralBalance\":\"1\"}")
        .statusCode(400)
        .body("errors.field", contains("asOf"));
  }

  @Test
  void givenABinanceEventTimeTooFarAhead_whenPosted_then400NamingEAndNothingStored() {
    String account = freshAccount();
    registerFacility(account, account + "-alias", "10000", "BTC");
    IngestTestSupport.Counts before = counts(dataSource);
    long future = clock.instant().plus(Duration.ofMinutes(10)).toEpochMilli();

    post(
            "feed",
            "/api/v1/exchange-events/binance",
            "{\"e\":\"MARGIN_CALL\",\"E\":"
                + future
                + ",\"i\":\""
                + account
                + "-alias\",\"cw\":\"30\",\"p\":[{\"mt\":\"CROSSED\",\"up\":\"0\",\"mm\":\"1\"}]}")
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors.field", contains("E"));

    assertThat(counts(dataSource)).isEqualTo(before);
  }
}
