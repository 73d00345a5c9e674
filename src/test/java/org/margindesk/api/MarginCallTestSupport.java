package org.margindesk.api;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.UUID;
import org.margindesk.service.LifecycleFixtures;
import org.margindesk.service.Poll;

/**
 * Calls opened the way production opens them: a facility over HTTP, then a breach from the feed.
 */
final class MarginCallTestSupport {
  static final Duration WAIT = Duration.ofSeconds(40);

  private MarginCallTestSupport() {}

  static RequestSpecification as(String user) {
    return given().auth().preemptive().basic(user, user);
  }

  static String freshAccount(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /**
   * @param policyJson the facility's policy overrides as a JSON object, or null for the defaults
   */
  static void registerFacility(String account, String policyJson) {
    as("supervisor")
        .contentType(ContentType.JSON)
        .body(
            "{\"marginPlusAmount\":\"10000\",\"asset\":\"USDT\",\"exchangeAlias\":\""
                + account
                + "\""
                + (policyJson == null ? "" : ",\"policy\":" + policyJson)
                + "}")
        .put("/api/v1/accounts/" + account + "/facility")
        .then()
        .statusCode(201);
  }

  /** A native snapshot with a fresh eventId and an MMR of 20 (healthy on that count). */
  static String snapshotBody(String account, String asOf, String collateralBalance) {
    return "{\"eventId\":\""
        + UUID.randomUUID()
        + "\",\"accountId\":\""
        + account
        + "\",\"asOf\":\""
        + asOf
        + "\",\"collateralBalance\":\""
        + collateralBalance
        + "\",\"maintenanceMarginRatio\":\"20\"}";
  }

  /** Sends a snapshot; returns the id of the call open afterwards, or null. */
  static String snapshot(String account, String asOf, String collateralBalance) {
    return as("feed")
        .contentType(ContentType.JSON)
        .body(snapshotBody(account, asOf, collateralBalance))
        .post("/api/v1/risk-snapshots")
        .then()
        .statusCode(202)
        .extract()
        .path("marginCallId");
  }

  /** Opens a call (collateral 12,000 against a 12,500 minimum) and waits until it is restricted. */
  static String openCall(LifecycleFixtures fixtures, String account, String asOf) {
    String callId = snapshot(account, asOf, "12000");
    awaitAudit(fixtures, callId, "CALL_OPENED");
    return callId;
  }

  /** The open step audits CALL_OPENED last, after the restrictions and the notification. */
  static void awaitAudit(LifecycleFixtures fixtures, String callId, String action) {
    Poll.until(
        WAIT,
        action + " recorded for " + callId,
        () ->
            fixtures.count(
                    "SELECT count(*) FROM audit_record WHERE margin_call_id = ? AND action = ?",
                    callId,
                    action)
                > 0);
  }
}
