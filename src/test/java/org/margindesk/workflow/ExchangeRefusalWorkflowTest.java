package org.margindesk.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.margindesk.workflow.CallInputFixtures.allAutomatic;
import static org.margindesk.workflow.CallInputFixtures.input;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.margindesk.activity.TaskRequest;
import org.margindesk.domain.Assessment;
import org.margindesk.domain.CallStatus;
import org.margindesk.domain.ExchangeRefusal.Resolution;
import org.margindesk.workflow.messages.commands.AssessmentNotice;
import org.margindesk.workflow.messages.commands.CallInput;
import org.margindesk.workflow.messages.commands.EscalationRequest;
import org.margindesk.workflow.messages.commands.TaskCompletion;
import org.margindesk.workflow.messages.queries.CallState;
import org.margindesk.workflow.messages.values.CallOutcome;
import org.margindesk.workflow.messages.values.EscalationResult;

/**
 * An exchange that refuses an effect (a 4xx: GATEWAY_REJECTED) no longer fails the call: the
 * refusal becomes an EXCHANGE_REFUSED operator task, and the call goes on around it.
 */
class ExchangeRefusalWorkflowTest {
  @RegisterExtension static final TestWorkflowExtension temporal = WorkflowTestBed.extension();

  private WorkflowTestBed bed;
  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private RecordingActivities activities;

  @BeforeEach
  void setUp(TestWorkflowEnvironment testEnv, Worker worker, WorkflowOptions options) {
    bed = new WorkflowTestBed(testEnv, worker, options);
    env = bed.env;
    client = bed.client;
    activities = bed.activities;
  }

  private MarginCallWorkflow start(CallInput input) {
    return bed.start(input);
  }

  private CallOutcome result(CallInput input) {
    return bed.result(input);
  }

  @Test
  void givenTheExchangeUnavailableAtOpen_whenItAnswersAgain_thenTheRestrictionIsRetriedNotFailed() {
    // Found by scripts/outage-suite.sh: two 503s at the open step failed the workflow.
    CallInput input =
        input(
            "acc-unavailable-open",
            Assessment.MARGIN_CALL,
            env.currentTimeMillis(),
            allAutomatic());
    String key = input.callId() + ":open:reduce-only-on";
    activities.unavailable(key, 2);
    MarginCallWorkflow workflow = start(input);

    bed.settled(workflow, s -> activities.whats().contains("gateway:REDUCE_ONLY=true"));

    assertThat(activities.calls(key)).isEqualTo(3);
    assertThat(workflow.state(new org.margindesk.workflow.messages.queries.StateQuery()).status())
        .isEqualTo(CallStatus.OPEN);
  }

  @Test
  void givenTheOpenRestrictionRefused_whenTheDeadlinePasses_thenATaskIsOpenAndTheCallEscalates() {
    CallInput input =
        input("acc-refused-open", Assessment.MARGIN_CALL, env.currentTimeMillis(), allAutomatic());
    String key = input.callId() + ":open:reduce-only-on";
    activities.refuse(key, 1);
    MarginCallWorkflow workflow = start(input);

    String taskId = input.callId() + ":exchange-refused:open:reduce-only-on:1";
    bed.settled(workflow, s -> activities.taskOpened(taskId) != null);
    assertThat(activities.taskOpened(taskId).type()).isEqualTo("EXCHANGE_REFUSED");
    CallOutcome outcome = result(input);

    assertThat(outcome.status()).isEqualTo(CallStatus.LIQUIDATED);
    assertThat(activities.whats())
        .contains(
            "gateway:WITHDRAWALS=false",
            "notify:CALL_OPENED",
            "task:open:EXCHANGE_REFUSED",
            "status:LIQUIDATING:CALL_ESCALATED_DEADLINE_EXPIRED:system")
        .doesNotContain("gateway:REDUCE_ONLY=true");
    assertThat(activities.calls(key)).isEqualTo(1);
    // Liquidation replaces the opening restrictions: the refusal's task is closed, not retried.
    assertThat(activities.whats()).contains("task:done:" + taskId + ":system");
  }

  @Test
  void
      givenTheOpenRestrictionRefusedTwice_whenTheOperatorRetries_thenTheSameKeyIsSentUntilItHolds() {
    CallInput input = input("acc-refused-retry", Assessment.MARGIN_CALL, env.currentTimeMillis());
    String key = input.callId() + ":open:reduce-only-on";
    activities.refuse(key, 2);
    MarginCallWorkflow workflow = start(input);
    String first = input.callId() + ":exchange-refused:open:reduce-only-on:1";
    String second = input.callId() + ":exchange-refused:open:reduce-only-on:2";
    bed.settled(workflow, s -> s.refusedTaskIds().contains(first));
    TaskRequest task = activities.taskOpened(first);
    assertThat(task.details())
        .containsEntry("effect", "REDUCE_ONLY_ON")
        .containsEntry("idempotencyKey", key)
        .containsEntry("failureType", "GATEWAY_REJECTED")
        .containsEntry("attempt", "1");
    assertThat(task.details().get("exchangeAnswer")).contains("403");

    workflow.completeTask(retry(first));
    bed.settled(workflow, s -> s.refusedTaskIds().contains(second));
    workflow.completeTask(retry(second));
    CallState state = bed.settled(workflow, s -> s.refusedTaskIds().isEmpty());

    assertThat(state.status()).isEqualTo(CallStatus.OPEN);
    assertThat(activities.calls(key)).isEqualTo(3);
    assertThat(activities.whats()).contains("gateway:REDUCE_ONLY=true");
    workflow.assessmentChanged(
        new AssessmentNotice(Assessment.HEALTHY, List.of("recovered"), "snap-2", 1));
    assertThat(result(input).status()).isEqualTo(CallStatus.CURED);
  }

  @Test
  void givenARefusedOpenRestriction_whenASupervisorEscalates_thenTheCallLiquidatesAnyway() {
    CallInput input =
        input(
            "acc-refused-escalate",
            Assessment.MARGIN_CALL,
            env.currentTimeMillis(),
            allAutomatic());
    activities.refuse(input.callId() + ":open:withdrawals-off", 1);
    MarginCallWorkflow workflow = start(input);
    bed.settled(workflow, s -> !s.refusedTaskIds().isEmpty());

    EscalationResult escalated =
        workflow.escalateNow(new EscalationRequest("supervisor", "the exchange refuses us"));

    assertThat(escalated.status()).isEqualTo(CallStatus.LIQUIDATING);
    assertThat(result(input).status()).isEqualTo(CallStatus.LIQUIDATED);
  }

  @Test
  void givenARefusedOpenRestriction_whenTheAccountRecovers_thenTheCallIsCuredAndTheTaskClosed() {
    CallInput input = input("acc-refused-cure", Assessment.MARGIN_CALL, env.currentTimeMillis());
    activities.refuse(input.callId() + ":open:reduce-only-on", 1);
    MarginCallWorkflow workflow = start(input);
    String taskId = input.callId() + ":exchange-refused:open:reduce-only-on:1";
    bed.settled(workflow, s -> s.refusedTaskIds().contains(taskId));

    workflow.assessmentChanged(
        new AssessmentNotice(Assessment.HEALTHY, List.of("recovered"), "snap-2", 1));

    assertThat(result(input).status()).isEqualTo(CallStatus.CURED);
    assertThat(activities.whats())
        .contains("task:done:" + taskId + ":system")
        .doesNotContain("gateway:REDUCE_ONLY=true");
    assertThat(activities.calls(input.callId() + ":open:reduce-only-on")).isEqualTo(1);
  }

  @Test
  void givenARefusedLiquidationStep_whenDoneByHandWithEvidence_thenTheNextStepRuns() {
    CallInput input =
        input("acc-refused-step", Assessment.LIQUIDATION, env.currentTimeMillis(), allAutomatic());
    String key = input.callId() + ":liquidation:close-all-positions:effect";
    activities.refuse(key, 5);
    MarginCallWorkflow workflow = start(input);
    String taskId = input.callId() + ":exchange-refused:liquidation:close-all-positions:effect:1";
    bed.settled(workflow, s -> s.refusedTaskIds().contains(taskId));
    assertThat(activities.taskOpened(taskId).details())
        .containsEntry("effect", "CLOSE_ALL_POSITIONS");

    assertThatThrownBy(
            () ->
                workflow.completeTask(
                    new TaskCompletion(
                        taskId, "operator", "closed", null, null, false, Resolution.DONE_BY_HAND)))
        .isInstanceOf(WorkflowUpdateException.class);
    assertThatThrownBy(
            () ->
                workflow.completeTask(
                    new TaskCompletion(taskId, "operator", "closed", "{\"ticket\":\"T-1\"}")))
        .isInstanceOf(WorkflowUpdateException.class);
    workflow.completeTask(
        new TaskCompletion(
            taskId,
            "operator",
            "closed at the exchange's desk",
            "{\"exchangeTicket\":\"T-1\"}",
            null,
            false,
            Resolution.DONE_BY_HAND));
    CallOutcome outcome = result(input);

    assertThat(outcome.status()).isEqualTo(CallStatus.LIQUIDATED);
    assertThat(activities.calls(key)).isEqualTo(1);
    assertThat(activities.whats())
        .contains("task:done:" + taskId + ":operator", "gateway:reclaim-margin-plus")
        .doesNotContain("gateway:close-all-positions");
  }

  private static TaskCompletion retry(String taskId) {
    return new TaskCompletion(
        taskId,
        "operator",
        "account unlocked at the exchange",
        null,
        null,
        false,
        Resolution.RETRY);
  }
}
