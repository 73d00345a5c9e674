package org.margindesk.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.margindesk.api.MarginCallTestSupport.WAIT;
import static org.margindesk.api.MarginCallTestSupport.as;
import static org.margindesk.api.MarginCallTestSupport.awaitAudit;
import static org.margindesk.api.MarginCallTestSupport.freshAccount;
import static org.margindesk.api.MarginCallTestSupport.openCall;
import static org.margindesk.api.MarginCallTestSupport.registerFacility;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.temporal.client.WorkflowClient;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.margindesk.audit.AuditTimeline;
import org.margindesk.audit.TimelineEntry;
import org.margindesk.domain.CallStatus;
import org.margindesk.persistence.MarginCallEntity;
import org.margindesk.service.CallInputs;
import org.margindesk.service.CallWorkflows;
import org.margindesk.service.LifecycleFixtures;
import org.margindesk.service.Poll;
import org.margindesk.workflow.MarginCallWorkflow;
import org.margindesk.workflow.messages.queries.StateQuery;
import org.margindesk.workflow.messages.values.CallOutcome;

/**
 * Supervisors' actions over HTTP against the real workflows: extensions within the allowance,
 * escalation, four-eyes waivers, and every refusal with its status, its problem document, and its
 * single audit record as the only trace.
 */
@QuarkusTest
class MarginCallActionsRestTest {
  private static final String PATH = "/api/v1/margin-calls/";

  @Inject LifecycleFixtures fixtures;
  @Inject WorkflowClient client;
  @Inject AuditTimeline audit;
  @Inject CallWorkflows starter;
  @Inject CallInputs inputs;

  @Test
  void givenAnOpenCall_whenASupervisorExtendsIt_thenTheDeadlineMovesEverywhere() {
    String account = freshAccount("extend");
    registerFacility(account, "{\"maxExtension\":\"PT8H\"}");
    String callId = openCall(fixtures, account, "2026-11-22T10:00:00Z");
    Instant deadline = Instant.parse(detail(callId).getString("deadline"));

    JsonPath granted =
        post("supervisor", callId, "extensions", extension("PT6H", "top-up in transit"))
            .statusCode(201)
            .extract()
            .jsonPath();

    Instant moved = deadline.plus(Duration.ofHours(6));
    assertThat(Instant.parse(granted.getString("newDeadline"))).isEqualTo(moved);
    assertThat(granted.getString("extendBy")).isEqualTo("PT6H");
    assertThat(granted.getString("by")).isEqualTo("supervisor");
    assertThat(granted.getString("totalExtension")).isEqualTo("PT6H");
    assertThat(granted.getString("remainingExtension")).isEqualTo("PT2H");
    JsonPath detail = detail(callId);
    assertThat(Instant.parse(detail.getString("deadline"))).isEqualTo(moved);
    assertThat(detail.getList("extensions.items")).hasSize(1);
    assertThat(detail.getMap("extensions.items[0]"))
        .containsEntry("extendBy", "PT6H")
        .containsEntry("by", "supervisor")
        .containsEntry("reason", "top-up in transit")
        .containsKey("at");
    assertThat(Instant.parse(detail.getString("extensions.items[0].newDeadline"))).isEqualTo(moved);
    assertThat(detail.getString("extensions.total")).isEqualTo("PT6H");
    assertThat(detail.getString("extensions.remaining")).isEqualTo("PT2H");
    assertThat(workflow(callId).state(new StateQuery()).deadlineMillis())
        .isEqualTo(moved.toEpochMilli());
    assertThat(timeline(callId))
        .anySatisfy(
            entry -> {
              assertThat(entry.action()).isEqualTo("DEADLINE_EXTENDED");
              assertThat(entry.actor()).isEqualTo("supervisor");
              assertThat(entry.reason()).isEqualTo("top-up in transit");
            });
  }

  @Test
  void givenAnExtendedCall_whenTheCapWouldBeExceeded_then409WithTheRemainderAndOnlyAnAuditRecord() {
    String account = freshAccount("cap");
    registerFacility(account, "{\"maxExtension\":\"PT8H\"}");
    String callId = openCall(fixtures, account, "2026-11-22T10:00:00Z");
    post("supervisor", callId, "extensions", extension("PT6H", "partial top-up")).statusCode(201);
    awaitAudit(fixtures, callId, "DEADLINE_EXTENDED");
    Traces before = traces(callId);

    as("supervisor2")
        .header("X-Request-Id", "cap-" + callId)
        .contentType(ContentType.JSON)
        .body(extension("PT3H", "a little more"))
        .post(PATH + callId + "/extensions")
        .then()
        .statusCode(409)
        .contentType(startsWith("application/problem+json"))
        .body("status", equalTo(409))
        .body("detail", containsString("remaining allowance PT2H"));
    post("supervisor2", callId, "extensions", extension("PT2H1M", "once more"))
        .statusCode(409)
        .body("detail", containsString("PT2H"));

    assertThat(traces(callId)).isEqualTo(before);
    assertThat(rejected(callId, "EXTENSION_REJECTED")).isEqualTo(2);
    assertThat(
            fixtures.text(
                "SELECT actor || ' | ' || reason FROM audit_record WHERE margin_call_id = ? AND"
                    + " action = 'EXTENSION_REJECTED' ORDER BY seq LIMIT 1",
                callId))
        .startsWith("supervisor2 | over the cap")
        .contains("remaining allowance PT2H");
    assertThat(
            fixtures.count(
                "SELECT count(*) FROM audit_record WHERE margin_call_id = ? AND action ="
                    + " 'EXTENSION_REJECTED' AND request_id = ?",
                callId,
                "cap-" + callId))
        .isEqualTo(1);
    post("supervisor2", callId, "extensions", extension("PT2H", "the rest")).statusCode(201);
  }

  @Test
  void givenMalformedBodies_whenAnActionIsPosted_then400NamingTheFieldAndNoTrace() {
    String account = freshAccount("bad-body");
    registerFacility(account, null);
    String callId = openCall(fixtures, account, "2026-11-22T10:00:00Z");
    Traces before = traces(callId);
    long audits = audits(callId);

    badField(post("supervisor", callId, "extensions", "{\"extendBy\":\"PT6H\"}"), "reason");
    badField(
        post("supervisor", callId, "extensions", extension("PT6H", "x".repeat(1001))), "reason");
    badField(post("supervisor", callId, "extensions", extension("PT6H", "  ")), "reason");
    badField(post("supervisor", callId, "extensions", extension("six hours", "why")), "extendBy");
    badField(post("supervisor", callId, "extensions", extension("PT0S", "why")), "extendBy");
    badField(post("supervisor", callId, "extensions", extension("-PT1H", "why")), "extendBy");
    badField(post("supervisor", callId, "extensions", "{\"reason\":\"why\"}"), "extendBy");
    badField(
        post(
            "supervisor", callId, "extensions", "{\"extendBy\":\"PT1H\",\"reason\":\"a\",\"x\":1}"),
        "x");
    badField(post("supervisor", callId, "extensions", "{\"extendBy\":"), "body");
    badField(post("supervisor", callId, "escalations", "{}"), "reason");
    badField(post("supervisor", callId, "waivers", "{\"reason\":42}"), "reason");
    badField(post("supervisor", callId, "waivers", ""), "body");

    assertThat(traces(callId)).isEqualTo(before);
    assertThat(audits(callId)).isEqualTo(audits);
  }

  @Test
  void givenRolesBelowSupervisor_whenAnActionIsPosted_thenRefusedBeforeAnythingHappens() {
    String account = freshAccount("roles");
    registerFacility(account, null);
    String callId = openCall(fixtures, account, "2026-11-22T10:00:00Z");
    long audits = audits(callId);

    for (String user : new String[] {"operator", "viewer", "feed"}) {
      post(user, callId, "extensions", extension("PT1H", "why")).statusCode(403);
      post(user, callId, "escalations", reason("why")).statusCode(403);
      post(user, callId, "waivers", reason("why")).statusCode(403);
      post(user, callId, "waivers/w-1/approve", "").statusCode(403);
      post(user, callId, "waivers/w-1/reject", reason("why")).statusCode(403);
    }
    RestAssured.given()
        .contentType(ContentType.JSON)
        .body(reason("why"))
        .post(PATH + callId + "/escalations")
        .then()
        .statusCode(401);

    assertThat(fixtures.callStatus(callId)).isEqualTo("OPEN");
    assertThat(audits(callId)).isEqualTo(audits);
  }

  @Test
  void givenAnUnknownCallOrWaiver_whenActedOn_then404ProblemJson() {
    String unknown = "margin-call-nobody-1";
    for (String[] action :
        new String[][] {
          {"extensions", extension("PT1H", "why")},
          {"escalations", reason("why")},
          {"waivers", reason("why")},
          {"waivers/w-1/approve", ""},
          {"waivers/w-1/reject", reason("why")}
        }) {
      post("supervisor", unknown, action[0], action[1])
          .statusCode(404)
          .contentType(startsWith("application/problem+json"))
          .body("detail", containsString(unknown));
    }
    String account = freshAccount("no-waiver");
    registerFacility(account, null);
    String callId = openCall(fixtures, account, "2026-11-22T10:00:00Z");
    post("supervisor2", callId, "waivers/not-a-waiver/approve", "")
        .statusCode(404)
        .body("detail", containsString("not-a-waiver"));
  }

  @Test
  void givenAnOpenCall_whenASupervisorEscalates_thenItLiquidatesAndLaterActionsMeetTheStatus() {
    String account = freshAccount("escalate");
    registerFacility(account, null);
    String callId = openCall(fixtures, account, "2026-11-22T10:00:00Z");

    post("supervisor", callId, "escalations", reason("holder unreachable, exposure growing"))
        .statusCode(200)
        .body("id", equalTo(callId))
        .body("status", equalTo("LIQUIDATING"));

    assertThat(fixtures.callStatus(callId)).isEqualTo("LIQUIDATING");
    assertThat(timeline(callId))
        .anySatisfy(
            entry -> {
              assertThat(entry.action()).isEqualTo("CALL_ESCALATED_BY_SUPERVISOR");
              assertThat(entry.actor()).isEqualTo("supervisor");
              assertThat(entry.reason()).isEqualTo("holder unreachable, exposure growing");
            });
    // Step 1 runs as for a deadline escalation, then step 2 waits for an operator.
    awaitAudit(fixtures, callId, "TASK_CREATED");
    JsonPath detail = detail(callId);
    assertThat(detail.getMap("restrictions"))
        .containsEntry("tradingEnabled", false)
        .containsEntry("withdrawalsEnabled", false);
    Map<String, Object> task = detail.getMap("tasks[0]");
    assertThat(task)
        .containsEntry("id", callId + ":close-all-positions")
        .containsEntry("type", "CLOSE_ALL_POSITIONS")
        .containsEntry("status", "OPEN")
        .containsEntry("assignee", null)
        .containsEntry("escalationLevel", 0)
        .containsEntry("completedBy", null)
        .containsEntry("approvedBy", null)
        .containsKeys("createdAt", "dueAt");

    post("supervisor", callId, "extensions", extension("PT1H", "too late"))
        .statusCode(409)
        .body("detail", containsString("LIQUIDATING"));
    post("supervisor2", callId, "escalations", reason("again"))
        .statusCode(409)
        .body("detail", containsString("LIQUIDATING"));
    post("supervisor2", callId, "waivers", reason("forgive"))
        .statusCode(409)
        .body("detail", containsString("LIQUIDATING"));
    assertThat(rejected(callId, "EXTENSION_REJECTED")).isEqualTo(1);
    assertThat(rejected(callId, "ESCALATION_REJECTED")).isEqualTo(1);
    assertThat(rejected(callId, "WAIVER_REQUEST_REJECTED")).isEqualTo(1);
    assertThat(
            fixtures.count(
                "SELECT count(*) FROM margin_call_waiver WHERE margin_call_id = ?", callId))
        .isZero();
  }

  @Test
  void givenAWaiverRequest_whenASecondSupervisorApproves_thenTheCallIsWaivedAndTheAccountFreed()
      throws Exception {
    String account = freshAccount("waive");
    registerFacility(account, null);
    String callId = openCall(fixtures, account, "2026-11-22T10:00:00Z");

    JsonPath requested =
        post("supervisor", callId, "waivers", reason("exchange error in the feed"))
            .statusCode(201)
            .body("status", equalTo("PENDING"))
            .body("requestedBy", equalTo("supervisor"))
            .body("marginCallStatus", equalTo("OPEN"))
            .extract()
            .jsonPath();
    String waiverId = requested.getString("id");
    assertThat(waiverId).isNotBlank();
    Traces before = traces(callId);

    post("supervisor", callId, "waivers/" + waiverId + "/approve", "")
        .statusCode(403)
        .contentType(startsWith("application/problem+json"))
        .body("detail", containsString("self-approval"));

    assertThat(traces(callId)).isEqualTo(before);
    assertThat(rejected(callId, "WAIVER_SELF_APPROVAL_REJECTED")).isEqualTo(1);

    post("supervisor2", callId, "waivers/" + waiverId + "/approve", reason("confirmed with ops"))
        .statusCode(200)
        .body("id", equalTo(waiverId))
        .body("status", equalTo("APPROVED"))
        .body("decidedBy", equalTo("supervisor2"))
        .body("decisionReason", equalTo("confirmed with ops"))
        .body("marginCallStatus", equalTo("WAIVED"));

    JsonPath detail = detail(callId);
    assertThat(detail.getString("status")).isEqualTo("WAIVED");
    assertThat(detail.getString("closedAt")).isNotNull();
    assertThat(detail.getString("outcome")).contains("supervisor2");
    assertThat(detail.getString("waivers[0].status")).isEqualTo("APPROVED");
    assertThat(detail.getMap("restrictions"))
        .containsEntry("reduceOnly", false)
        .containsEntry("withdrawalsEnabled", true)
        .containsEntry("tradingEnabled", true);
    as("viewer")
        .get("/api/v1/accounts/" + account)
        .then()
        .statusCode(200)
        .body("openMarginCallId", equalTo(null))
        .body("facility.status", equalTo("ACTIVE"))
        .body("restrictions.reduceOnly", equalTo(false))
        .body("restrictions.withdrawalsEnabled", equalTo(true));
    assertThat(
            fixtures.count(
                "SELECT count(*) FROM notification WHERE margin_call_id = ? AND type ="
                    + " 'CALL_WAIVED'",
                callId))
        .isEqualTo(1);
    assertThat(
            fixtures.count(
                "SELECT count(*) FROM notification WHERE margin_call_id = ? AND type ="
                    + " 'WAIVER_REQUESTED' AND recipient = 'SUPERVISORS'",
                callId))
        .as("the second supervisor was asked, once")
        .isEqualTo(1);
    assertThat(timeline(callId))
        .extracting(TimelineEntry::action, TimelineEntry::actor)
        .containsSubsequence(
            tuple("WAIVER_REQUESTED", "supervisor"),
            tuple("WAIVER_SELF_APPROVAL_REJECTED", "supervisor"),
            tuple("WAIVER_APPROVED", "supervisor2"),
            tuple("REDUCE_ONLY_OFF", "supervisor2"),
            tuple("WITHDRAWALS_ON", "supervisor2"),
            tuple("CALL_WAIVED", "supervisor2"));

    // The call is closed: its workflow is done, the read model names the status.
    assertThat(
            client
                .newUntypedWorkflowStub(callId)
                .getResult(WAIT.toSeconds(), TimeUnit.SECONDS, CallOutcome.class)
                .status())
        .isEqualTo(CallStatus.WAIVED);
    post("supervisor", callId, "extensions", extension("PT1H", "after the fact"))
        .statusCode(409)
        .body("detail", containsString("WAIVED"));
    post("supervisor2", callId, "waivers/" + waiverId + "/approve", "")
        .statusCode(409)
        .body("detail", containsString("already APPROVED"));
    assertThat(rejected(callId, "EXTENSION_REJECTED")).isEqualTo(1);
  }

  @Test
  void givenAPendingWaiver_whenRejected_thenItIsDiscardedAndTheCallGoesOn() {
    String account = freshAccount("reject");
    registerFacility(account, null);
    String callId = openCall(fixtures, account, "2026-11-22T10:00:00Z");
    String waiverId =
        post("supervisor", callId, "waivers", reason("looks like a feed glitch"))
            .statusCode(201)
            .extract()
            .path("id");

    post("supervisor2", callId, "waivers", reason("me too"))
        .statusCode(409)
        .body("detail", containsString("still pending"));
    badField(post("supervisor2", callId, "waivers/" + waiverId + "/reject", "{}"), "reason");
    post("supervisor", callId, "waivers/" + waiverId + "/reject", reason("the feed was right"))
        .statusCode(200)
        .body("status", equalTo("REJECTED"))
        .body("decidedBy", equalTo("supervisor"))
        .body("decisionReason", equalTo("the feed was right"))
        .body("marginCallStatus", equalTo("OPEN"));

    JsonPath detail = detail(callId);
    assertThat(detail.getString("status")).isEqualTo("OPEN");
    assertThat(detail.getString("waivers[0].status")).isEqualTo("REJECTED");
    assertThat(detail.getMap("restrictions")).containsEntry("reduceOnly", true);
    post("supervisor2", callId, "waivers/" + waiverId + "/approve", "")
        .statusCode(409)
        .body("detail", containsString("already REJECTED"));
    assertThat(rejected(callId, "WAIVER_REQUEST_REJECTED")).isEqualTo(1);
    assertThat(rejected(callId, "WAIVER_APPROVAL_REJECTED")).isEqualTo(1);
    post("supervisor2", callId, "waivers", reason("second opinion")).statusCode(201);
  }

  @Test
  void givenAnOpenCallWhoseWorkflowIsGone_whenActedOn_then503UntilItIsRecovered() {
    String account = freshAccount("gone");
    registerFacility(account, null);
    String callId = openCall(fixtures, account, "2026-11-22T10:00:00Z");
    client.newUntypedWorkflowStub(callId).terminate("lost for the test");

    post("supervisor", callId, "extensions", extension("PT1H", "why"))
        .statusCode(503)
        .contentType(startsWith("application/problem+json"))
        .body("detail", containsString("recovered"));

    // Recovered the way the reconciler does it, from the row.
    starter.start(
        QuarkusTransaction.requiringNew()
            .call(() -> inputs.forRecovery(MarginCallEntity.findById(callId))));
    Poll.until(
        WAIT,
        "the recovered workflow accepts the extension",
        () ->
            post("supervisor", callId, "extensions", extension("PT1H", "why"))
                    .extract()
                    .statusCode()
                == 201);
    assertThat(detail(callId).getString("extensions.total")).isEqualTo("PT1H");
  }

  /** What an action could leave behind, apart from audit records of refused attempts. */
  private record Traces(
      String deadline,
      String status,
      String updatedAt,
      long extensions,
      String waivers,
      long audits,
      long notifications,
      String restrictions) {}

  private Traces traces(String callId) {
    return new Traces(
        fixtures.text("SELECT deadline::text FROM margin_call WHERE id = ?", callId),
        fixtures.callStatus(callId),
        fixtures.text("SELECT updated_at::text FROM margin_call WHERE id = ?", callId),
        fixtures.count(
            "SELECT count(*) FROM margin_call_extension WHERE margin_call_id = ?", callId),
        fixtures.text(
            "SELECT string_agg(id || ':' || status, ',' ORDER BY id) FROM margin_call_waiver"
                + " WHERE margin_call_id = ?",
            callId),
        fixtures.count(
            "SELECT count(*) FROM audit_record WHERE margin_call_id = ? AND action NOT LIKE"
                + " '%\\_REJECTED' ESCAPE '\\'",
            callId),
        fixtures.count("SELECT count(*) FROM notification WHERE margin_call_id = ?", callId),
        fixtures.text(
            "SELECT c.reduce_only || ',' || c.withdrawals_enabled || ',' || c.trading_enabled"
                + " FROM sim_account_control c JOIN margin_call m ON m.account_id = c.account_id"
                + " WHERE m.id = ?",
            callId));
  }

  private long audits(String callId) {
    return fixtures.count("SELECT count(*) FROM audit_record WHERE margin_call_id = ?", callId);
  }

  private long rejected(String callId, String action) {
    return fixtures.count(
        "SELECT count(*) FROM audit_record WHERE margin_call_id = ? AND action = ?",
        callId,
        action);
  }

  private List<TimelineEntry> timeline(String callId) {
    return audit.forMarginCall(callId);
  }

  private MarginCallWorkflow workflow(String callId) {
    return client.newWorkflowStub(MarginCallWorkflow.class, callId);
  }

  private static JsonPath detail(String callId) {
    return as("viewer").get(PATH + callId).then().statusCode(200).extract().jsonPath();
  }

  private static ValidatableResponse post(String user, String callId, String action, String body) {
    return as(user)
        .contentType(ContentType.JSON)
        .body(body)
        .post(PATH + callId + "/" + action)
        .then();
  }

  private static void badField(ValidatableResponse response, String field) {
    response
        .statusCode(400)
        .contentType(startsWith("application/problem+json"))
        .body("errors.field", hasItem(field));
  }

  private static String extension(String extendBy, String reason) {
    return "{\"extendBy\":\"" + extendBy + "\",\"reason\":\"" + reason + "\"}";
  }

  private static String reason(String reason) {
    return "{\"reason\":\"" + reason + "\"}";
  }
}
