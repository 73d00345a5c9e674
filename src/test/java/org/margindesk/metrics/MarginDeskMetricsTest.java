package org.margindesk.metrics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.margindesk.pacing.StartBacklog;
import org.margindesk.service.LifecycleFixtures;
import org.margindesk.service.Poll;

/** The business and SDK metrics, read the way Prometheus reads them: from /q/metrics. */
@QuarkusTest
class MarginDeskMetricsTest {
  private static final Duration WAIT = Duration.ofSeconds(40);

  @Inject LifecycleFixtures fixtures;
  @Inject OpenCallsGauge openCallsGauge;
  @Inject StartBacklog startBacklog;

  @Test
  void givenABreachDuplicateStaleAndCure_whenScraped_thenEachIsCountedOnce() {
    String account = "metrics-" + UUID.randomUUID();
    String opened = "margindesk_calls_opened_total{trigger=\"CAB_BELOW_MIN_TOP_UP\"}";
    String cured = "margindesk_calls_closed_total{outcome=\"cured\"}";
    String applied = "margindesk_snapshots_total{result=\"applied\",source=\"native\"}";
    String duplicate = "margindesk_snapshots_total{result=\"duplicate\",source=\"native\"}";
    String stale = "margindesk_snapshots_total{result=\"stale\",source=\"native\"}";
    String latency = "margindesk_breach_to_restriction_seconds_count";
    String timeInCall = "margindesk_call_duration_seconds_count{outcome=\"cured\"}";
    String before = scrape();

    registerFacility(account);
    String breach = UUID.randomUUID().toString();
    String callId =
        snapshot(breach, account, "2026-11-22T10:00:00Z", "12000")
            .statusCode(202)
            .extract()
            .path("marginCallId");
    Poll.until(WAIT, "call restricted", () -> fixtures.callStatus(callId) != null);
    Poll.until(WAIT, "reduce-only counted", () -> delta(before, scrape(), latency) >= 1);
    snapshot(breach, account, "2026-11-22T10:00:00Z", "12000").statusCode(202);
    snapshot(UUID.randomUUID().toString(), account, "2026-11-22T09:00:00Z", "9000").statusCode(202);
    snapshot(UUID.randomUUID().toString(), account, "2026-11-22T10:05:00Z", "12600")
        .statusCode(202);
    Poll.until(WAIT, "call cured", () -> "CURED".equals(fixtures.callStatus(callId)));

    String after = scrape();
    assertThat(delta(before, after, opened)).isEqualTo(1);
    assertThat(delta(before, after, cured)).isEqualTo(1);
    assertThat(delta(before, after, timeInCall)).isEqualTo(1);
    assertThat(delta(before, after, applied)).isEqualTo(2);
    assertThat(delta(before, after, duplicate)).isEqualTo(1);
    assertThat(delta(before, after, stale)).isEqualTo(1);
    assertThat(delta(before, after, latency)).isEqualTo(1);
    assertThat(after).contains("margindesk_breach_to_restriction_seconds_bucket");
  }

  @Test
  void givenOpenCalls_whenTheGaugeIsRefreshed_thenItMatchesTheReadModel() {
    openCallsGauge.refresh();
    long open =
        fixtures.count("SELECT count(*) FROM margin_call WHERE status IN ('OPEN','LIQUIDATING')");
    assertThat(value(scrape(), "margindesk_calls_open")).isEqualTo(open);
  }

  @Test
  void givenWorkflowStartsQueued_whenScraped_thenTheBacklogGaugeCountsThem() {
    assertThat(scrape()).contains("margindesk_workflow_starts_queued");
    long before = value(scrape(), "margindesk_workflow_starts_queued");
    startBacklog.queued(3);
    try {
      assertThat(value(scrape(), "margindesk_workflow_starts_queued")).isEqualTo(before + 3);
    } finally {
      for (int i = 0; i < 3; i++) {
        startBacklog.done();
      }
    }
    assertThat(value(scrape(), "margindesk_workflow_starts_queued")).isEqualTo(before);
  }

  @Test
  void givenTheWorkersRun_whenScraped_thenTheTemporalSdkMetricsAreBridged() {
    Poll.until(WAIT, "temporal_ meters", () -> scrape().contains("\ntemporal_"));
    assertThat(scrape()).containsPattern("(?m)^temporal_\\w+\\{.*namespace=\"");
  }

  private static String scrape() {
    return given().get("/q/metrics").then().statusCode(200).extract().asString();
  }

  private static long delta(String before, String after, String series) {
    return value(after, series) - value(before, series);
  }

  /** The value of one series; a series Prometheus has not seen yet counts as 0. */
  private static long value(String scrape, String series) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.E+-]+)$").matcher(scrape);
    return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
  }

  private static void registerFacility(String account) {
    given()
        .auth()
        .preemptive()
        .basic("supervisor", "supervisor")
        .contentType(ContentType.JSON)
        .body("{\"marginPlusAmount\":\"10000.00\",\"asset\":\"USDT\"}")
        .put("/api/v1/accounts/" + account + "/facility")
        .then()
        .statusCode(201);
  }

  private static io.restassured.response.ValidatableResponse snapshot(
      String eventId, String account, String asOf, String cab) {
    return given()
        .auth()
        .preemptive()
        .basic("feed", "feed")
        .contentType(ContentType.JSON)
        .body(
            "{\"eventId\":\""
                + eventId
                + "\",\"accountId\":\""
                + account
                + "\",\"asOf\":\""
                + asOf
                + "\",\"collateralBalance\":\""
                + cab
                + "\",\"maintenanceMarginRatio\":\"20\"}")
        .post("/api/v1/risk-snapshots")
        .then();
  }
}
