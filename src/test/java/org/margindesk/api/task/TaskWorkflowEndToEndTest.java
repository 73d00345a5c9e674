package org.margindesk.api.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.margindesk.api.task.TaskFixtures.WAIT;
import static org.margindesk.api.task.TaskFixtures.act;
import static org.margindesk.api.task.TaskFixtures.task;

import io.quarkus.test.junit.QuarkusTest;
import io.temporal.client.WorkflowClient;
import jakarta.inject.Inject;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.margindesk.domain.LiquidationStep;
import org.margindesk.service.LifecycleFixtures;
import org.margindesk.service.Poll;
import org.margindesk.workflow.MarginCallWorkflow;
import org.margindesk.workflow.messages.queries.StateQuery;

/**
 * Operator tasks driving real margin-call workflows on the embedded Temporal server: the manual
 * liquidation steps are done through the task API, four-eyes holds the workflow until a second
 * supervisor approves, and a completion the workflow refuses leaves the task as it was.
 */
@QuarkusTest
class TaskWorkflowEndToEndTest {
  @Inject TaskFixtures fixtures;
  @Inject LifecycleFixtures lifecycle;
  @Inject WorkflowClient client;

  @Test
  void givenALiquidation_whenOperatorsDoTheManualStepsWithFourEyes_thenTheCallIsLiquidated()
      throws Exception {
    String callId = fixtures.liquidatingCall();
    MarginCallWorkflow workflow = client.newWorkflowStub(MarginCallWorkflow.class, callId);

    String close = fixtures.awaitTask(callId, LiquidationStep.CLOSE_ALL_POSITIONS);
    act("operator", close, "claim").statusCode(200);
    act(
            "operator",
            close,
            "complete",
            "{\"note\":\"closed on the exchange\","
                + "\"evidence\":{\"closingOrderIds\":[\"ord-1\",\"ord-2\"]}}")
        .statusCode(200)
        .body("status", equalTo("DONE"))
        .body("completedBy", equalTo("operator"))
        .body("completedAt", org.hamcrest.Matchers.notNullValue())
        .body("evidence.closingOrderIds[1]", equalTo("ord-2"));
    // The response was lost and the operator tries again: same answer, nothing added.
    act("operator", close, "complete", "{\"note\":\"closed on the exchange\"}")
        .statusCode(200)
        .body("status", equalTo("DONE"));
    assertThat(fixtures.audits(close, "TASK_COMPLETED")).isEqualTo(1);

    String reclaim = fixtures.awaitTask(callId, LiquidationStep.RECLAIM_MARGIN_PLUS_FUNDS);
    act("supervisor", reclaim, "claim").statusCode(200);
    act(
            "supervisor",
            reclaim,
            "complete",
            "{\"note\":\"Margin+ moved back\",\"evidence\":{\"transferReference\":\"TR-2001\"}}")
        .statusCode(200)
        .body("status", equalTo("AWAITING_APPROVAL"));
    assertThat(workflow.state(new StateQuery()).awaitedTaskId())
        .as("the workflow is not told before the approval")
        .isEqualTo(reclaim);
    assertThat(lifecycle.callStatus(callId)).isEqualTo("LIQUIDATING");

    act("supervisor", reclaim, "approve")
        .statusCode(403)
        .body("detail", containsString("different supervisor"));
    act("operator2", reclaim, "approve").statusCode(403);
    assertThat(fixtures.audits(reclaim, "TASK_APPROVAL_REJECTED_FOUR_EYES")).isEqualTo(1);
    assertThat(workflow.state(new StateQuery()).awaitedTaskId()).isEqualTo(reclaim);

    act("supervisor2", reclaim, "approve")
        .statusCode(200)
        .body("status", equalTo("DONE"))
        .body("completedBy", equalTo("supervisor"))
        .body("approvedBy", equalTo("supervisor2"))
        .body("evidence.transferReference", equalTo("TR-2001"));
    // A retried approval answers as before.
    act("supervisor2", reclaim, "approve").statusCode(200).body("status", equalTo("DONE"));

    client.newUntypedWorkflowStub(callId).getResult(40, TimeUnit.SECONDS, Object.class);
    assertThat(lifecycle.callStatus(callId)).isEqualTo("LIQUIDATED");
    assertThat(fixtures.audits(reclaim, "TASK_APPROVED")).isEqualTo(1);
    assertThat(
            fixtures.text(
                "SELECT actor FROM audit_record WHERE task_id = ? AND action = 'TASK_APPROVED'",
                reclaim))
        .isEqualTo("supervisor2");
    task("viewer", reclaim).statusCode(403);
    task("operator", reclaim)
        .statusCode(200)
        .body(
            "history.action",
            org.hamcrest.Matchers.contains(
                "TASK_CREATED",
                "TASK_CLAIMED",
                "TASK_COMPLETED",
                "TASK_APPROVAL_REJECTED_FOUR_EYES",
                "TASK_APPROVED"));
  }

  @Test
  void givenARejectedReclaim_whenDoneAgainAndApproved_thenTheLiquidationGoesOn() throws Exception {
    String callId = fixtures.liquidatingCall();
    String close = fixtures.awaitTask(callId, LiquidationStep.CLOSE_ALL_POSITIONS);
    act("operator2", close, "claim").statusCode(200);
    act("operator2", close, "complete").statusCode(200).body("status", equalTo("DONE"));

    String reclaim = fixtures.awaitTask(callId, LiquidationStep.RECLAIM_MARGIN_PLUS_FUNDS);
    act("operator", reclaim, "claim").statusCode(200);
    act("operator", reclaim, "complete", "{\"evidence\":{\"transferReference\":\"TR-1\"}}")
        .statusCode(200);
    act("supervisor", reclaim, "reject", "{\"reason\":\"TR-1 is another account's transfer\"}")
        .statusCode(200)
        .body("status", equalTo("OPEN"))
        .body("assignee", equalTo(null));
    act("supervisor", reclaim, "approve").statusCode(409);

    act("operator", reclaim, "claim").statusCode(200);
    act("operator", reclaim, "complete", "{\"evidence\":{\"transferReference\":\"TR-9\"}}")
        .statusCode(200)
        .body("status", equalTo("AWAITING_APPROVAL"));
    act("supervisor", reclaim, "approve").statusCode(200).body("approvedBy", equalTo("supervisor"));

    client.newUntypedWorkflowStub(callId).getResult(40, TimeUnit.SECONDS, Object.class);
    assertThat(lifecycle.callStatus(callId)).isEqualTo("LIQUIDATED");
    assertThat(fixtures.audits(reclaim, "TASK_COMPLETED")).isEqualTo(2);
    assertThat(fixtures.audits(reclaim, "TASK_REJECTED")).isEqualTo(1);
    assertThat(
            fixtures.text(
                "SELECT reason FROM audit_record WHERE task_id = ? AND action = 'TASK_REJECTED'",
                reclaim))
        .isEqualTo("TR-1 is another account's transfer");
    assertThat(
            fixtures.text(
                "SELECT evidence->>'transferReference' FROM operator_task WHERE id = ?", reclaim))
        .isEqualTo("TR-9");
  }

  @Test
  void givenTasksTheWorkflowDoesNotAwait_whenCompletedOrApproved_thenRefusedAndNothingIsDone() {
    // A call in its remediation window: its workflow awaits no task at all.
    String callId = lifecycle.snapshot(lifecycle.facility(null), "12000").orElseThrow();
    MarginCallWorkflow workflow = client.newWorkflowStub(MarginCallWorkflow.class, callId);
    Poll.until(
        WAIT,
        "the workflow is running",
        () -> {
          try {
            return workflow.state(new StateQuery()).status() != null;
          } catch (RuntimeException e) {
            return false;
          }
        });
    String close = fixtures.openTask(callId, LiquidationStep.CLOSE_ALL_POSITIONS);
    String reclaim = fixtures.openTask(callId, LiquidationStep.RECLAIM_MARGIN_PLUS_FUNDS);

    act("operator", close, "claim").statusCode(200);
    act("operator", close, "complete", "{\"note\":\"closed\"}")
        .statusCode(409)
        .body("detail", containsString("unknown task"));
    act("operator", reclaim, "claim").statusCode(200);
    act("operator", reclaim, "complete", "{\"note\":\"moved\"}").statusCode(200);
    act("supervisor", reclaim, "approve")
        .statusCode(409)
        .body("detail", containsString("workflow refused"));

    assertThat(
            fixtures.count(
                "SELECT count(*) FROM operator_task WHERE margin_call_id = ? AND"
                    + " status = 'DONE'",
                callId))
        .isZero();
    task("operator", close).body("status", equalTo("CLAIMED")).body("completedBy", equalTo(null));
    task("operator", reclaim)
        .body("status", equalTo("AWAITING_APPROVAL"))
        .body("approvedBy", equalTo(null));
    assertThat(fixtures.audits(close, "TASK_COMPLETION_REFUSED")).isEqualTo(1);
    assertThat(fixtures.audits(reclaim, "TASK_APPROVAL_REFUSED")).isEqualTo(1);
    assertThat(fixtures.audits(reclaim, "TASK_APPROVED")).isZero();
    assertThat(lifecycle.callStatus(callId)).isEqualTo("OPEN");
  }
}
