package org.margindesk.activity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.margindesk.api.task.TaskFixtures.act;

import io.quarkus.test.junit.QuarkusTest;
import io.temporal.failure.ApplicationFailure;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.margindesk.api.task.TaskFixtures;
import org.margindesk.domain.LiquidationStep;
import org.margindesk.domain.TaskStatus;
import org.margindesk.workflow.messages.values.LifecycleFailure;

/**
 * The activity behind the workflow's {@code completeTask} update re-checks the task under its row
 * lock: a task that changed hands, or awaits approval, is not marked done, and a retry after it
 * committed changes nothing.
 */
@QuarkusTest
class TaskCompletionActivityTest {
  @Inject TaskActivities activities;
  @Inject TaskFixtures fixtures;

  @AfterEach
  void endCallsWithoutWorkflow() {
    fixtures.endCallsWithoutWorkflow();
  }

  @Test
  void givenATaskReleasedWhileItsCompletionWasOnItsWay_whenTheActivityRuns_thenRefusedOnce() {
    String callId = fixtures.callWithoutWorkflow();
    String close = fixtures.openTask(callId, LiquidationStep.CLOSE_ALL_POSITIONS);
    String account = account(callId);

    assertRefused(
        new TaskDone(close, callId, account, "operator", "closed", null, null, true, null),
        "no longer claimed");
    act("operator2", close, "claim").statusCode(200);
    assertRefused(
        new TaskDone(close, callId, account, "operator", "closed", null, null, true, null),
        "claimed by operator2");

    assertThat(fixtures.text("SELECT status FROM operator_task WHERE id = ?", close))
        .isEqualTo("CLAIMED");
    assertThat(fixtures.audits(close, "TASK_COMPLETED")).isZero();
  }

  @Test
  void givenATaskAwaitingApproval_whenCompletedWithoutOrWithTheWrongApprover_thenRefused() {
    String callId = fixtures.callWithoutWorkflow();
    String reclaim = fixtures.openTask(callId, LiquidationStep.RECLAIM_MARGIN_PLUS_FUNDS);
    String account = account(callId);
    act("supervisor", reclaim, "claim").statusCode(200);
    act("supervisor", reclaim, "complete", "{\"evidence\":{\"transferReference\":\"T\"}}")
        .statusCode(200);

    assertRefused(
        new TaskDone(reclaim, callId, account, "supervisor", null, null, null, false, null),
        "awaits a supervisor's approval");
    assertRefused(
        new TaskDone(reclaim, callId, account, "supervisor", null, null, "supervisor", true, null),
        "cannot approve");

    TaskDone approval =
        new TaskDone(reclaim, callId, account, "supervisor", null, null, "supervisor2", true, null);
    activities.completeTask(approval);
    activities.completeTask(approval);

    assertThat(
            fixtures.text(
                "SELECT status || ' ' || completed_by || ' ' || approved_by || ' ' ||"
                    + " (evidence->>'transferReference') FROM operator_task WHERE id = ?",
                reclaim))
        .isEqualTo("DONE supervisor supervisor2 T");
    assertThat(fixtures.audits(reclaim, "TASK_APPROVED")).isEqualTo(1);
  }

  @Test
  void givenAManualStepsStart_whenItsTaskIsOpenedTwice_thenTheStepIsRecordedOnceWithOneTask() {
    String callId = fixtures.callWithoutWorkflow();
    String account = account(callId);
    String step = LiquidationStep.RECLAIM_MARGIN_PLUS_FUNDS.name();
    String taskId = callId + ":reclaim-margin-plus-funds";
    TaskRequest request =
        OpeningFixtures.stepTask(callId, account, LiquidationStep.RECLAIM_MARGIN_PLUS_FUNDS);
    CallProgress started = request.stepStarted();

    assertThat(activities.openTask(request)).isEqualTo(TaskStatus.OPEN);
    assertThat(activities.openTask(request)).isEqualTo(TaskStatus.OPEN);

    assertThat(fixtures.text("SELECT current_step FROM margin_call WHERE id = ?", callId))
        .isEqualTo(step);
    assertThat(
            fixtures.count(
                "SELECT count(*) FROM audit_record WHERE event_key = ?", started.eventKey()))
        .isEqualTo(1);
    assertThat(fixtures.count("SELECT count(*) FROM operator_task WHERE id = ?", taskId))
        .isEqualTo(1);
    assertThat(fixtures.audits(taskId, "TASK_CREATED")).isEqualTo(1);
  }

  private void assertRefused(TaskDone done, String why) {
    assertThatThrownBy(() -> activities.completeTask(done))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure -> {
              assertThat(failure.getType()).isEqualTo(LifecycleFailure.INVALID_TRANSITION.name());
              assertThat(failure.isNonRetryable()).isTrue();
              assertThat(failure.getOriginalMessage()).contains(why);
            });
  }

  private String account(String callId) {
    return fixtures.text("SELECT account_id FROM margin_call WHERE id = ?", callId);
  }
}
