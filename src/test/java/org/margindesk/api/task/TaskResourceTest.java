package org.margindesk.api.task;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.margindesk.api.task.TaskFixtures.act;
import static org.margindesk.api.task.TaskFixtures.as;
import static org.margindesk.api.task.TaskFixtures.task;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.margindesk.domain.LiquidationStep;

/**
 * The task API on tasks of a call without a workflow: claiming, releasing, the four-eyes steps that
 * stay in PostgreSQL, lists, and every refusal. What involves the workflow is in {@link
 * TaskWorkflowEndToEndTest}.
 */
@QuarkusTest
class TaskResourceTest {
  private static final String PROBLEM = "application/problem+json";

  @Inject TaskFixtures fixtures;

  @AfterEach
  void endCallsWithoutWorkflow() {
    fixtures.endCallsWithoutWorkflow();
  }

  @Test
  void givenNoCredentialsOrTooLittleRole_whenTasksAreAsked_then401Or403() {
    String taskId =
        fixtures.openTask(fixtures.callWithoutWorkflow(), LiquidationStep.CLOSE_ALL_POSITIONS);

    given().get("/api/v1/tasks").then().statusCode(401);
    given().post("/api/v1/tasks/{id}/claim", taskId).then().statusCode(401);
    TaskFixtures.get("viewer", "/api/v1/tasks").statusCode(403);
    task("viewer", taskId).statusCode(403);
    act("viewer", taskId, "claim").statusCode(403);
    act("feed", taskId, "claim").statusCode(403);
    act("operator", taskId, "approve").statusCode(403);
    act("operator", taskId, "reject", "{\"reason\":\"no\"}").statusCode(403);
    task("operator", taskId).statusCode(200).body("status", equalTo("OPEN"));
  }

  @Test
  void givenAnUnknownTask_whenReadOrActedOn_then404ProblemJson() {
    task("operator", "no-such-task").statusCode(404).contentType(PROBLEM);
    for (String action : List.of("claim", "release", "complete", "approve")) {
      act("supervisor", "no-such-task", action).statusCode(404).contentType(PROBLEM);
    }
    act("supervisor", "no-such-task", "reject", "{\"reason\":\"r\"}").statusCode(404);
  }

  @Test
  void givenAnOpenTask_whenClaimedAndReleased_thenItChangesHandsWithEveryStepAudited() {
    String taskId =
        fixtures.openTask(fixtures.callWithoutWorkflow(), LiquidationStep.CLOSE_ALL_POSITIONS);

    act("operator", taskId, "claim")
        .statusCode(200)
        .body("status", equalTo("CLAIMED"))
        .body("assignee", equalTo("operator"))
        .body("claimedAt", notNullValue());
    // Claiming one's own task again changes nothing.
    act("operator", taskId, "claim").statusCode(200).body("assignee", equalTo("operator"));
    act("operator2", taskId, "claim")
        .statusCode(409)
        .contentType(PROBLEM)
        .body("detail", containsString("claimed by operator"));
    act("operator2", taskId, "release").statusCode(403).contentType(PROBLEM);
    act("operator", taskId, "release")
        .statusCode(200)
        .body("status", equalTo("OPEN"))
        .body("assignee", nullValue());
    act("operator2", taskId, "claim").statusCode(200).body("assignee", equalTo("operator2"));
    act("supervisor", taskId, "release").statusCode(200).body("status", equalTo("OPEN"));

    assertThat(fixtures.audits(taskId, "TASK_CLAIMED")).isEqualTo(2);
    assertThat(fixtures.audits(taskId, "TASK_RELEASED")).isEqualTo(2);
    assertThat(fixtures.audits(taskId, "TASK_CLAIM_REFUSED")).isEqualTo(1);
    assertThat(fixtures.audits(taskId, "TASK_RELEASE_REFUSED")).isEqualTo(1);
    assertThat(
            fixtures.text(
                "SELECT actor || ' ' || actor_roles || ' ' || reason FROM audit_record WHERE"
                    + " task_id = ? AND action = 'TASK_RELEASED' ORDER BY seq DESC LIMIT 1",
                taskId))
        .isEqualTo("supervisor operator,supervisor,viewer released on behalf of operator2");
    task("operator", taskId)
        .statusCode(200)
        .body(
            "history.action",
            contains(
                "TASK_CREATED",
                "TASK_CLAIMED",
                "TASK_CLAIM_REFUSED",
                "TASK_RELEASE_REFUSED",
                "TASK_RELEASED",
                "TASK_CLAIMED",
                "TASK_RELEASED"));
  }

  @Test
  void givenATask_whenCompletedWrongly_thenEachMistakeHasItsOwnAnswerAndNothingChanges() {
    String taskId =
        fixtures.openTask(fixtures.callWithoutWorkflow(), LiquidationStep.CLOSE_ALL_POSITIONS);

    // Not claimed.
    act("operator", taskId, "complete", "{\"note\":\"done\"}")
        .statusCode(409)
        .body("detail", containsString("claim it first"));
    act("operator", taskId, "claim").statusCode(200);
    // Not the holder.
    act("operator2", taskId, "complete", "{}").statusCode(403);
    act("operator", taskId, "complete", "{\"evidence\":[\"o-1\"]}")
        .statusCode(400)
        .contentType(PROBLEM)
        .body("errors.field", contains("evidence"))
        .body("errors.message[0]", containsString("must be a JSON object"));
    act("operator", taskId, "complete", "{\"evidence\":\"TR-1\",\"note\":7,\"extra\":true}")
        .statusCode(400)
        .body("errors.field", hasItem("evidence"))
        .body("errors.field", hasItem("note"))
        .body("errors.field", hasItem("extra"));
    act("operator", taskId, "complete", "{\"note\":").statusCode(400).contentType(PROBLEM);
    act("supervisor", taskId, "approve")
        .statusCode(409)
        .body("detail", containsString("need no approval"));

    task("operator", taskId)
        .body("status", equalTo("CLAIMED"))
        .body("completedBy", nullValue())
        .body("evidence", nullValue());
    assertThat(fixtures.audits(taskId, "TASK_COMPLETED")).isZero();
    assertThat(fixtures.audits(taskId, "TASK_COMPLETION_REFUSED")).isEqualTo(2);
  }

  @Test
  void givenACallWithoutARunningWorkflow_whenATaskIsCompleted_then503AndTheTaskStaysClaimed() {
    String taskId =
        fixtures.openTask(fixtures.callWithoutWorkflow(), LiquidationStep.CLOSE_ALL_POSITIONS);
    act("operator", taskId, "claim").statusCode(200);

    act("operator", taskId, "complete", "{\"note\":\"closed\",\"evidence\":{\"orders\":[1]}}")
        .statusCode(503)
        .contentType(PROBLEM)
        .body("detail", containsString("Nothing was changed"));

    task("operator", taskId)
        .body("status", equalTo("CLAIMED"))
        .body("assignee", equalTo("operator"))
        .body("completedBy", nullValue());
    assertThat(fixtures.audits(taskId, "TASK_COMPLETED")).isZero();
  }

  @Test
  void givenAReclaimTask_whenCompleted_thenItAwaitsASecondPersonWhoMayRejectIt() {
    String taskId =
        fixtures.openTask(
            fixtures.callWithoutWorkflow(), LiquidationStep.RECLAIM_MARGIN_PLUS_FUNDS);
    act("supervisor", taskId, "claim").statusCode(200);
    // Nothing to approve yet.
    act("supervisor", taskId, "approve").statusCode(409);
    act("supervisor2", taskId, "reject", "{\"reason\":\"early\"}")
        .statusCode(409)
        .body("detail", containsString("not awaiting approval"));

    act(
            "supervisor",
            taskId,
            "complete",
            "{\"note\":\"moved\",\"evidence\":{\"transferReference\":\"TR-77\"}}")
        .statusCode(200)
        .body("status", equalTo("AWAITING_APPROVAL"))
        .body("needsApproval", equalTo(true))
        .body("completedBy", equalTo("supervisor"))
        .body("evidence.transferReference", equalTo("TR-77"));
    // A retried completion answers as before.
    act("supervisor", taskId, "complete", "{\"note\":\"again\"}")
        .statusCode(200)
        .body("note", equalTo("moved"));
    // Four-eyes: the completer may not approve, though a supervisor.
    act("supervisor", taskId, "approve")
        .statusCode(403)
        .contentType(PROBLEM)
        .body("detail", containsString("different supervisor"));
    act("supervisor", taskId, "reject", "{\"reason\":\"mine\"}").statusCode(403);
    act("supervisor2", taskId, "release").statusCode(409);
    act("supervisor2", taskId, "claim").statusCode(409);
    act("supervisor2", taskId, "reject", "{\"reason\":\"   \"}")
        .statusCode(400)
        .body("errors.message", contains("must not be blank"));
    act("supervisor2", taskId, "reject").statusCode(400).contentType(PROBLEM);
    act("supervisor2", taskId, "reject", "{}")
        .statusCode(400)
        .body("errors.field", contains("reason"));
    // The rejected completion's evidence stays in the audit trail.
    act("supervisor2", taskId, "reject", "{\"reason\":\"transfer reference not found\"}")
        .statusCode(200)
        .body("status", equalTo("OPEN"))
        .body("assignee", nullValue())
        .body("completedBy", nullValue())
        .body("evidence", nullValue());

    JsonPath history = task("operator", taskId).extract().jsonPath();
    assertThat(history.getList("history.action", String.class))
        .containsSubsequence(
            "TASK_CLAIMED",
            "TASK_COMPLETED",
            "TASK_APPROVAL_REJECTED_FOUR_EYES",
            "TASK_REJECTION_REJECTED_FOUR_EYES",
            "TASK_REJECTED");
    assertThat(history.getString("history.find { it.action == 'TASK_REJECTED' }.reason"))
        .isEqualTo("transfer reference not found");
    assertThat(history.getString("history.find { it.action == 'TASK_REJECTED' }.actor"))
        .isEqualTo("supervisor2");
    assertThat(fixtures.audits(taskId, "TASK_APPROVAL_REJECTED_FOUR_EYES")).isEqualTo(1);
    assertThat(
            fixtures.text(
                "SELECT details->>'transferReference' FROM audit_record WHERE task_id = ? AND"
                    + " action = 'TASK_COMPLETED'",
                taskId))
        .isEqualTo("TR-77");
    // Back in the pool.
    act("operator", taskId, "claim").statusCode(200);
  }

  @Test
  void givenTwoSelfApprovalsWithTheSameRequestId_whenRefused_thenEachAttemptHasItsOwnRecord() {
    String taskId =
        fixtures.openTask(
            fixtures.callWithoutWorkflow(), LiquidationStep.RECLAIM_MARGIN_PLUS_FUNDS);
    act("supervisor", taskId, "claim").statusCode(200);
    act("supervisor", taskId, "complete", "{\"note\":\"moved\"}").statusCode(200);

    // A client that reuses its request id (a retry library, a proxy, a copied curl line) must not
    // be able to make a second refused attempt vanish from the trail.
    for (int attempt = 0; attempt < 2; attempt++) {
      as("supervisor")
          .header("X-Request-Id", "same-id-" + taskId)
          .post("/api/v1/tasks/{id}/approve", taskId)
          .then()
          .statusCode(403)
          .header("X-Request-Id", "same-id-" + taskId);
    }

    assertThat(fixtures.audits(taskId, "TASK_APPROVAL_REJECTED_FOUR_EYES")).isEqualTo(2);
    assertThat(
            fixtures.texts(
                "SELECT request_id FROM audit_record WHERE task_id = '"
                    + taskId
                    + "' AND action = 'TASK_APPROVAL_REJECTED_FOUR_EYES'"))
        .containsExactly("same-id-" + taskId, "same-id-" + taskId);
  }

  @Test
  void givenManyTasks_whenListed_thenFiltersCombineAndCursorsWalkEveryPageOnce() {
    String first = fixtures.callWithoutWorkflow();
    String second = fixtures.callWithoutWorkflow();
    String firstClose = fixtures.openTask(first, LiquidationStep.CLOSE_ALL_POSITIONS);
    String firstReclaim = fixtures.openTask(first, LiquidationStep.RECLAIM_MARGIN_PLUS_FUNDS);
    String secondClose = fixtures.openTask(second, LiquidationStep.CLOSE_ALL_POSITIONS);
    act("operator2", firstReclaim, "claim").statusCode(200);
    act("operator2", secondClose, "claim").statusCode(200);

    list("marginCallId=" + first)
        .body("items.id", contains(firstClose, firstReclaim))
        .body("items[0].marginCallId", equalTo(first))
        .body("items[0].type", equalTo("CLOSE_ALL_POSITIONS"))
        .body("items[0].dueAt", notNullValue())
        .body("items[0].escalationLevel", equalTo(0))
        .body("items[0].history", nullValue())
        .body("nextCursor", nullValue());
    list("marginCallId=" + first + "&status=CLAIMED").body("items.id", contains(firstReclaim));
    list("marginCallId=" + first + "&status=OPEN,CLAIMED")
        .body("items.id", contains(firstClose, firstReclaim));
    list("assignee=operator2&type=CLOSE_ALL_POSITIONS").body("items.id", hasItem(secondClose));
    list("assignee=operator2&type=CLOSE_ALL_POSITIONS&marginCallId=" + first)
        .body("items", org.hamcrest.Matchers.empty());

    List<String> walked = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      JsonPath page =
          list("limit=1&status=CLAIMED&assignee=operator2"
                  + (cursor == null ? "" : "&cursor=" + cursor))
              .extract()
              .jsonPath();
      walked.addAll(page.getList("items.id", String.class));
      cursor = page.getString("nextCursor");
      pages++;
    } while (cursor != null && pages < 1000);
    assertThat(walked).contains(firstReclaim, secondClose);
    assertThat(pages).as("one task per page").isEqualTo(walked.size());
    assertThat(walked)
        .as("every task once, most urgent first")
        .isEqualTo(
            fixtures.texts(
                "SELECT id FROM operator_task WHERE status = 'CLAIMED' AND assignee = 'operator2'"
                    + " ORDER BY due_at, id"));
  }

  @Test
  void givenBadListParameters_whenListed_then400NamingEveryField() {
    as("operator")
        .get("/api/v1/tasks?status=FINISHED&type=SOMETHING&limit=0&cursor=abc")
        .then()
        .statusCode(400)
        .contentType(PROBLEM)
        .body("errors.field", contains("status", "type", "limit", "cursor"));
    as("operator").get("/api/v1/tasks?limit=501").then().statusCode(400);
    as("operator").get("/api/v1/tasks?limit=abc").then().statusCode(400);
  }

  private static io.restassured.response.ValidatableResponse list(String query) {
    return as("operator").get("/api/v1/tasks?" + query).then().statusCode(200);
  }
}
