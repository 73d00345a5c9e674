package org.margindesk.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.margindesk.api.MarginCallTestSupport.WAIT;
import static org.margindesk.api.MarginCallTestSupport.as;
import static org.margindesk.api.MarginCallTestSupport.freshAccount;
import static org.margindesk.api.MarginCallTestSupport.openCall;
import static org.margindesk.api.MarginCallTestSupport.registerFacility;
import static org.margindesk.api.MarginCallTestSupport.snapshot;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.margindesk.service.LifecycleFixtures;
import org.margindesk.service.Poll;

/** GET /api/v1/margin-calls and /api/v1/margin-calls/{id}, read from PostgreSQL. */
@QuarkusTest
class MarginCallResourceTest {
  private static final String PATH = "/api/v1/margin-calls";

  @Inject LifecycleFixtures fixtures;
  @Inject AgroalDataSource dataSource;

  @Test
  void givenCallsOfTwoAccounts_whenListedWithFilters_thenNewestFirstAndOnlyTheMatchingOnes() {
    String account = freshAccount("list");
    String other = freshAccount("list-other");
    registerFacility(account, null);
    registerFacility(other, null);
    String first = openCall(fixtures, account, "2026-11-22T10:00:00Z");
    snapshot(account, "2026-11-22T10:05:00Z", "12600");
    Poll.until(WAIT, "first call cured", () -> "CURED".equals(fixtures.callStatus(first)));
    String second = openCall(fixtures, account, "2026-11-22T10:10:00Z");
    String others = openCall(fixtures, other, "2026-11-22T10:15:00Z");

    JsonPath all = list("accountId=" + account);
    assertThat(all.getList("items.id")).containsExactly(second, first);
    assertThat(all.getString("nextCursor")).isNull();
    assertThat(all.getList("items.status")).containsExactly("OPEN", "CURED");
    Map<String, Object> cured = all.getMap("items[1]");
    assertThat(cured)
        .containsKeys(
            "id", "accountId", "status", "trigger", "openedAt", "deadline", "closedAt", "outcome");
    assertThat(cured.get("closedAt")).isNotNull();
    assertThat(cured.get("outcome")).isEqualTo("cured");
    assertThat(all.getString("items[0].trigger.assessment")).isEqualTo("MARGIN_CALL");
    assertThat(all.getList("items[0].trigger.reasons")).isNotEmpty();
    assertThat(all.getString("items[0].closedAt")).isNull();

    assertThat(list("accountId=" + account + "&status=CURED").getList("items.id"))
        .containsExactly(first);
    assertThat(list("status=OPEN&limit=200").getList("items.id"))
        .contains(second, others)
        .doesNotContain(first);
  }

  @Test
  void givenCallsOpenedAtTheSameInstant_whenPagedOneByOne_thenEachAppearsExactlyOnceInIdOrder()
      throws SQLException {
    String account = fixtures.facility(null);
    Instant sameInstant = Instant.parse("2026-11-20T08:00:00.123456Z");
    List<String> ids = new ArrayList<>();
    for (int n = 1; n <= 4; n++) {
      ids.add(insertClosedCall(account, n, sameInstant));
    }

    List<String> seen = new ArrayList<>();
    String cursor = null;
    do {
      JsonPath page =
          list("accountId=" + account + "&limit=1" + (cursor == null ? "" : "&cursor=" + cursor));
      seen.addAll(page.getList("items.id"));
      cursor = page.getString("nextCursor");
    } while (cursor != null);

    assertThat(seen).containsExactly(ids.get(3), ids.get(2), ids.get(1), ids.get(0));
    JsonPath firstTwo = list("accountId=" + account + "&limit=2");
    assertThat(firstTwo.getList("items.id")).containsExactly(ids.get(3), ids.get(2));
    assertThat(
            list("accountId=" + account + "&limit=2&cursor=" + firstTwo.getString("nextCursor"))
                .getList("items.id"))
        .containsExactly(ids.get(1), ids.get(0));
  }

  @Test
  void givenBadParameters_whenListed_thenOne400NamesEveryBadField() {
    as("viewer")
        .get(PATH + "?status=PENDING&limit=0&cursor=not-a-cursor&accountId=a b")
        .then()
        .statusCode(400)
        .contentType(startsWith("application/problem+json"))
        .body("status", equalTo(400))
        .body("errors.field", hasItems("status", "limit", "cursor", "accountId"));
    for (String limit : new String[] {"501", "-1", "ten", "1.5"}) {
      as("viewer")
          .get(PATH + "?limit=" + limit)
          .then()
          .statusCode(400)
          .body("errors[0].field", equalTo("limit"));
    }
    as("viewer").get(PATH + "?limit=200").then().statusCode(200);
    as("viewer").get(PATH + "?limit=1").then().statusCode(200);
  }

  @Test
  void givenRoles_whenListing_thenViewersMayAndTheFeedMayNot() {
    RestAssured.given().get(PATH).then().statusCode(401);
    as("feed").get(PATH).then().statusCode(403);
    as("feed").get(PATH + "/anything").then().statusCode(403);
    as("viewer").get(PATH).then().statusCode(200).body("items", notNullValue());
  }

  @Test
  void givenAnOpenCall_whenItsDetailIsRead_thenEverySectionIsThere() {
    String account = freshAccount("detail");
    registerFacility(account, "{\"maxExtension\":\"PT8H\"}");
    String callId = openCall(fixtures, account, "2026-11-22T11:00:00Z");

    JsonPath detail =
        as("viewer").get(PATH + "/" + callId).then().statusCode(200).extract().jsonPath();

    assertThat(detail.getString("id")).isEqualTo(callId);
    assertThat(detail.getString("accountId")).isEqualTo(account);
    assertThat(detail.getString("status")).isEqualTo("OPEN");
    assertThat(detail.getString("trigger.assessment")).isEqualTo("MARGIN_CALL");
    assertThat(detail.getList("trigger.reasons", String.class))
        .anySatisfy(reason -> assertThat(reason).contains("12500"));
    Instant openedAt = Instant.parse(detail.getString("openedAt"));
    assertThat(Instant.parse(detail.getString("deadline")))
        .isEqualTo(openedAt.plus(java.time.Duration.ofHours(12)));
    assertThat(detail.getString("closedAt")).isNull();
    assertThat(detail.getString("outcome")).isNull();
    assertThat(detail.getString("figures.shortfallToMinTopUp")).isEqualTo("500");
    assertThat(detail.getMap("policy"))
        .containsEntry("minTopUpRatio", "1.25")
        .containsEntry("terminationRatio", "1.1")
        .containsEntry("mmrMarginCall", "10")
        .containsEntry("mmrLiquidation", "5")
        .containsEntry("remediationWindow", "PT12H")
        .containsEntry("maxExtension", "PT8H");
    // The exchange's real controls, the same the account view shows.
    JsonPath accountView =
        as("viewer").get("/api/v1/accounts/" + account).then().extract().jsonPath();
    assertThat(detail.getMap("restrictions"))
        .isEqualTo(accountView.getMap("restrictions"))
        .containsEntry("reduceOnly", true)
        .containsEntry("withdrawalsEnabled", false)
        .containsEntry("tradingEnabled", true);
    assertThat(detail.getList("extensions.items")).isEmpty();
    assertThat(detail.getString("extensions.total")).isEqualTo("PT0S");
    assertThat(detail.getString("extensions.remaining")).isEqualTo("PT8H");
    assertThat(detail.getList("waivers")).isEmpty();
    assertThat(detail.getList("tasks")).isEmpty();
    assertThat(detail.getList("timeline.action")).contains("CALL_OPENED", "REDUCE_ONLY_ON");
    // The workflow audits CALL_OPENED after writing the holder's notice, so the notice is there.
    assertThat(detail.getList("notifications.type")).containsExactly("CALL_OPENED");
    assertThat(detail.getString("notifications[0].figures.shortfallToMinTopUp")).isEqualTo("500");
    Map<String, Object> opened =
        detail.getList("timeline", Map.class).stream()
            .filter(entry -> "CALL_OPENED".equals(entry.get("action")))
            .findFirst()
            .orElseThrow();
    assertThat(opened.get("actor")).isEqualTo("system");
    assertThat(opened.get("at")).isNotNull();
    assertThat((String) opened.get("reason")).contains("12500");
  }

  @Test
  void givenAnUnknownCall_whenRead_then404ProblemJson() {
    as("viewer")
        .get(PATH + "/margin-call-nobody-1")
        .then()
        .statusCode(404)
        .contentType(startsWith("application/problem+json"))
        .body("status", equalTo(404))
        .body("detail", containsString("margin-call-nobody-1"))
        .body("instance", equalTo(PATH + "/margin-call-nobody-1"))
        .body("errors", nullValue());
  }

  private static JsonPath list(String query) {
    return as("viewer").get(PATH + "?" + query).then().statusCode(200).extract().jsonPath();
  }

  /** A closed call written straight into the read model: no workflow, any opening instant. */
  private String insertClosedCall(String account, int number, Instant openedAt)
      throws SQLException {
    String callId = "margin-call-" + account + "-" + number;
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO margin_call (id, account_id, call_number, status, opening_assessment,"
                    + " latest_assessment, trigger_reasons, policy, figures, step_modes,"
                    + " opened_at, deadline, closed_at, outcome, updated_at) VALUES (?, ?, ?,"
                    + " 'CURED', 'MARGIN_CALL', 'HEALTHY', '[\"breach\"]', '{\"maxExtension\":"
                    + "\"PT12H\"}', '{}', '{}', ?, ?, ?, 'cured', ?)")) {
      insert.setString(1, callId);
      insert.setString(2, account);
      insert.setInt(3, number);
      insert.setTimestamp(4, Timestamp.from(openedAt));
      insert.setTimestamp(5, Timestamp.from(openedAt.plusSeconds(43_200)));
      insert.setTimestamp(6, Timestamp.from(openedAt.plusSeconds(60)));
      insert.setTimestamp(7, Timestamp.from(openedAt.plusSeconds(60)));
      insert.executeUpdate();
    }
    return callId;
  }
}
