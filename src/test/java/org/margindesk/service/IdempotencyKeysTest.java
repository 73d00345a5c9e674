package org.margindesk.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.margindesk.config.TestClock;

/**
 * Keys are kept for margin-desk.idempotency.retention (P1D here) and no longer: past it they are
 * purged, and one not yet purged is not matched. Time moves with the test clock.
 */
@QuarkusTest
class IdempotencyKeysTest {
  private static final Duration RETENTION = Duration.ofDays(1);

  @Inject IdempotencyKeys keys;
  @Inject TestClock clock;
  @Inject LifecycleFixtures fixtures;

  @AfterEach
  void resetClock() {
    clock.reset();
  }

  @Test
  void givenKeysOlderAndYoungerThanTheRetention_whenPurged_thenOnlyTheOlderAreGone() {
    String old = stored();
    clock.advance(RETENTION.minusMinutes(1));
    String young = stored();
    clock.advance(Duration.ofMinutes(2));

    int purged = keys.purge();

    assertThat(purged).isPositive();
    assertThat(rows(old)).isZero();
    assertThat(rows(young)).isEqualTo(1);
  }

  @Test
  void givenAKeyPastTheRetentionNotYetPurged_whenSentWithAnotherBody_thenItActsAsANewKey() {
    String account = "idem-" + UUID.randomUUID().toString().substring(0, 8);
    String key = UUID.randomUUID().toString();
    assertThat(putFacility(account, key, "USDT").statusCode()).isEqualTo(201);
    assertThat(putFacility(account, key, "BTC").statusCode()).isEqualTo(422);

    clock.advance(RETENTION.plusMinutes(1));
    Response again = putFacility(account, key, "BTC");

    assertThat(again.statusCode()).as(again.asString()).isEqualTo(200);
    assertThat(again.header("Idempotency-Replayed")).isNull();
    assertThat(again.jsonPath().getString("asset")).isEqualTo("BTC");
  }

  @Test
  void givenARetentionShorterThan24Hours_whenChecked_thenTheServiceRefusesIt() {
    assertThatThrownBy(() -> IdempotencyKeys.requireRetention(Duration.ofHours(23)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("margin-desk.idempotency.retention")
        .hasMessageContaining("PT24H");
    assertThatCode(() -> IdempotencyKeys.requireRetention(Duration.ofHours(24)))
        .doesNotThrowAnyException();
  }

  /** A completed key of its own; returns the key. */
  private String stored() {
    String key = UUID.randomUUID().toString();
    IdempotencyKeys.Scope scope = new IdempotencyKeys.Scope("tester", "POST", "/api/v1/x", key);
    IdempotencyKeys.Claim claim = keys.claim(scope, "{}".getBytes(StandardCharsets.UTF_8));
    assertThat(claim).isInstanceOf(IdempotencyKeys.Acquired.class);
    keys.complete(
        scope,
        ((IdempotencyKeys.Acquired) claim).owner(),
        new IdempotencyKeys.Answer(200, "application/json", Map.of(), "{}".getBytes()));
    return key;
  }

  private long rows(String key) {
    return fixtures.count("SELECT count(*) FROM idempotency_key WHERE idempotency_key = ?", key);
  }

  private static Response putFacility(String account, String key, String asset) {
    return given()
        .auth()
        .preemptive()
        .basic("supervisor", "supervisor")
        .header("Idempotency-Key", key)
        .contentType(ContentType.JSON)
        .body(
            "{\"marginPlusAmount\":\"10000\",\"asset\":\""
                + asset
                + "\",\"exchangeAlias\":\""
                + account
                + "\"}")
        .put("/api/v1/accounts/" + account + "/facility");
  }
}
