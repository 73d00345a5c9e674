package org.margindesk.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.margindesk.api.IngestTestSupport.counts;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.margindesk.service.LifecycleFixtures;

/**
 * PostgreSQL cannot store a NUL character, and a lone UTF-16 surrogate has no UTF-8 form: such a
 * string is refused at the edge, with the field named, wherever a client can put it (query, path,
 * body), before it reaches a query, a row or a workflow.
 */
@QuarkusTest
class UnstorableTextTest {
  private static final String NUL = "a\u0000b";

  @Inject AgroalDataSource dataSource;
  @Inject LifecycleFixtures fixtures;

  static Stream<Arguments> queryParameters() {
    return Stream.of(
        Arguments.of("viewer", "/api/v1/audit-events", "accountId"),
        Arguments.of("viewer", "/api/v1/audit-events", "marginCallId"),
        Arguments.of("viewer", "/api/v1/audit-events", "taskId"),
        Arguments.of("viewer", "/api/v1/audit-events", "actor"),
        Arguments.of("viewer", "/api/v1/audit-events", "action"),
        Arguments.of("viewer", "/api/v1/audit-events", "cursor"),
        Arguments.of("operator", "/api/v1/tasks", "type"),
        Arguments.of("operator", "/api/v1/tasks", "marginCallId"),
        Arguments.of("operator", "/api/v1/tasks", "accountId"),
        Arguments.of("operator", "/api/v1/tasks", "assignee"),
        Arguments.of("viewer", "/api/v1/margin-calls", "accountId"),
        Arguments.of("viewer", "/api/v1/margin-calls", "status"),
        Arguments.of("viewer", "/api/v1/notifications", "marginCallId"),
        Arguments.of("viewer", "/api/v1/notifications", "status"));
  }

  @ParameterizedTest(name = "{1}?{2}")
  @MethodSource("queryParameters")
  void givenANulInAQueryParameter_whenListing_then400NamingIt(
      String user, String path, String parameter) {
    given()
        .auth()
        .preemptive()
        .basic(user, user)
        .queryParam(parameter, NUL)
        .get(path)
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors.field", hasItem(parameter));
  }

  static Stream<Arguments> pathParameters() {
    return Stream.of(
        Arguments.of("GET", "operator", "/api/v1/tasks/{id}", "id"),
        Arguments.of("POST", "operator", "/api/v1/tasks/{id}/claim", "id"),
        Arguments.of("POST", "operator", "/api/v1/tasks/{id}/release", "id"),
        Arguments.of("POST", "operator", "/api/v1/tasks/{id}/complete", "id"),
        Arguments.of("POST", "supervisor", "/api/v1/tasks/{id}/approve", "id"),
        Arguments.of("GET", "viewer", "/api/v1/margin-calls/{callId}", "callId"),
        Arguments.of(
            "POST", "supervisor", "/api/v1/margin-calls/{callId}/waivers/x/approve", "callId"),
        Arguments.of("GET", "viewer", "/api/v1/notifications/{id}", "id"),
        Arguments.of("POST", "feed", "/api/v1/notifications/{id}/acknowledgement", "id"),
        Arguments.of("GET", "viewer", "/api/v1/accounts/{accountId}", "accountId"));
  }

  @ParameterizedTest(name = "{0} {2}")
  @MethodSource("pathParameters")
  void givenANulInAPathParameter_whenCalled_then400NamingIt(
      String method, String user, String template, String parameter) {
    given()
        .auth()
        .preemptive()
        .basic(user, user)
        .request(method, template, NUL)
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors.field", hasItem(parameter));
  }

  @Test
  void givenANulInTheWaiverIdOfAnApproval_whenCalled_then400NamingIt() {
    given()
        .auth()
        .preemptive()
        .basic("supervisor", "supervisor")
        .post("/api/v1/margin-calls/margin-call-x-1/waivers/{waiverId}/approve", NUL)
        .then()
        .statusCode(400)
        .body("errors.field", hasItem("waiverId"));
  }

  static Stream<Arguments> bodies() {
    String account = "acct-nul";
    return Stream.of(
        Arguments.of(
            "PUT",
            "supervisor",
            "/api/v1/accounts/" + account + "/facility",
            "{\"marginPlusAmount\":\"1\",\"asset\":\"USDT\",\"contactEmail\":\"a\\u0000@b.example\"}",
            "contactEmail"),
        Arguments.of(
            "PUT",
            "supervisor",
            "/api/v1/accounts/" + account + "/facility",
            "{\"marginPlusAmount\":\"1\",\"asset\":\"USDT\",\"exchangeAlias\":\"x\\ud800\"}",
            "exchangeAlias"),
        Arguments.of(
            "POST",
            "feed",
            "/api/v1/risk-snapshots",
            "{\"eventId\":\"e\\u0000\",\"accountId\":\"A\",\"asOf\":\"2026-11-22T10:00:00Z\","
                + "\"collateralBalance\":\"1\"}",
            "eventId"),
        Arguments.of(
            "POST",
            "feed",
            "/api/v1/risk-snapshots/batch",
            "{\"items\":[{\"eventId\":\"e1\",\"accountId\":\"A\\u0000\","
                + "\"asOf\":\"2026-11-22T10:00:00Z\",\"collateralBalance\":\"1\"}]}",
            "items[0].accountId"),
        Arguments.of(
            "POST",
            "viewer",
            "/api/v1/risk-snapshots/what-if",
            "{\"accountId\":\"A\\u0000\",\"collateralBalance\":\"1\"}",
            "accountId"),
        Arguments.of(
            "POST",
            "feed",
            "/api/v1/exchange-events/binance",
            "{\"e\":\"MARGIN_CALL\",\"E\":1,\"i\":\"A\\u0000\",\"cw\":\"1\","
                + "\"p\":[{\"mt\":\"CROSSED\",\"up\":\"0\",\"mm\":\"1\"}]}",
            "i"),
        Arguments.of(
            "POST",
            "feed",
            "/api/v1/exchange-events/binance",
            "{\"e\":\"MARGIN_CALL\",\"E\":1,\"i\":\"A\",\"cw\":\"1\","
                + "\"p\":[{\"s\":\"\\udc00BTC\",\"mt\":\"CROSSED\",\"up\":\"0\",\"mm\":\"1\"}]}",
            "p[0].s"),
        Arguments.of(
            "POST",
            "supervisor",
            "/api/v1/margin-calls/margin-call-x-1/extensions",
            "{\"extendBy\":\"PT1H\",\"reason\":\"late\\u0000\"}",
            "reason"),
        Arguments.of(
            "POST",
            "supervisor",
            "/api/v1/margin-calls/margin-call-x-1/escalations",
            "{\"reason\":\"now\\u0000\"}",
            "reason"),
        Arguments.of(
            "POST",
            "supervisor",
            "/api/v1/margin-calls/margin-call-x-1/waivers/w/reject",
            "{\"reason\":\"no\\u0000\"}",
            "reason"),
        Arguments.of(
            "POST",
            "supervisor",
            "/api/v1/margin-calls/margin-call-x-1/waivers/w/approve",
            "{\"reason\":\"ok\\u0000\"}",
            "reason"),
        Arguments.of(
            "POST",
            "operator",
            "/api/v1/tasks/margin-call-x-1:close-all-positions/complete",
            "{\"note\":\"done\",\"evidence\":{\"orders\":[\"o1\",\"o\\u0000\"]}}",
            "evidence.orders[1]"),
        Arguments.of(
            "POST",
            "operator",
            "/api/v1/tasks/margin-call-x-1:close-all-positions/complete",
            "{\"evidence\":{\"ref\\u0000\":\"x\"}}",
            "evidence.ref\\u0000"),
        Arguments.of(
            "POST",
            "supervisor",
            "/api/v1/tasks/margin-call-x-1:close-all-positions/reject",
            "{\"reason\":\"wrong\\u0000\"}",
            "reason"));
  }

  @ParameterizedTest(name = "{0} {2} -> {4}")
  @MethodSource("bodies")
  void givenANulOrALoneSurrogateInABodyString_whenSent_then400NamingItAndNothingStored(
      String method, String user, String path, String body, String field) {
    IngestTestSupport.Counts before = counts(dataSource);

    send(method, user, path, body)
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors.field", hasItem(field));

    assertThat(counts(dataSource)).isEqualTo(before);
  }

  /** The reason used to reach the workflow, whose activity then failed on every retry. */
  @Test
  void givenAnOpenCall_whenAWaiverReasonHoldsANul_then400AndNoWaiverIsRequested() {
    String account = MarginCallTestSupport.freshAccount("nul");
    MarginCallTestSupport.registerFacility(account, null);
    String callId = MarginCallTestSupport.openCall(fixtures, account, "2026-11-22T10:00:00Z");

    send(
            "POST",
            "supervisor",
            "/api/v1/margin-calls/" + callId + "/waivers",
            "{\"reason\":\"price feed\\u0000 error\"}")
        .statusCode(400)
        .body("errors.field", hasItem("reason"))
        .body("errors.message", hasItem(containsString("U+0000")));

    assertThat(
            fixtures.count(
                "SELECT count(*) FROM margin_call_waiver WHERE margin_call_id = ?", callId))
        .isZero();
    // The call still takes a well-formed request.
    send(
            "POST",
            "supervisor",
            "/api/v1/margin-calls/" + callId + "/waivers",
            "{\"reason\":\"price feed error\"}")
        .statusCode(201);
  }

  private static ValidatableResponse send(String method, String user, String path, String body) {
    return given()
        .auth()
        .preemptive()
        .basic(user, user)
        .contentType(ContentType.JSON)
        .body(body)
        .request(method, path)
        .then();
  }
}
