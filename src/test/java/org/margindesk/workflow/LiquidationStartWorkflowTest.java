package org.margindesk.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.margindesk.workflow.CallInputFixtures.allAutomatic;
import static org.margindesk.workflow.CallInputFixtures.input;

import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateHandle;
import io.temporal.client.WorkflowUpdateStage;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.margindesk.activity.CallProgress;
import org.margindesk.domain.Assessment;
import org.margindesk.domain.CallStatus;
import org.margindesk.domain.LiquidationStep;
import org.margindesk.workflow.messages.commands.AssessmentNotice;
import org.margindesk.workflow.messages.commands.CallInput;
import org.margindesk.workflow.messages.commands.EscalationRequest;
import org.margindesk.workflow.messages.commands.ResumeState;
import org.margindesk.workflow.messages.commands.TaskCompletion;
import org.margindesk.workflow.messages.commands.WaiverRequest;
import org.margindesk.workflow.messages.values.EscalationResult;

/**
 * Since {@link CallEffects#LIQUIDATION_STARTS_TOGETHER}, liquidation starts with one activity: the
 * escalation's record, the first step's record and the holder's notice in one transaction. Whatever
 * would be recorded in between (a waiver's lapse, a cure that arrived) keeps its place in the
 * trail, and operator tasks no longer go through the server: a manual step's start is recorded by
 * the activity that opens its task.
 */
class LiquidationStartWorkflowTest {
  private static final String STEP_ONE = "step:DISABLE_TRADING_AND_WITHDRAWALS";
  private static final String STARTED = "notify:LIQUIDATION_STARTED";

  @RegisterExtension static final TestWorkflowExtension temporal = WorkflowTestBed.extension();

  private WorkflowTestBed bed;
  private TestWorkflowEnvironment env;
  private RecordingActivities activities;

  @BeforeEach
  void setUp(TestWorkflowEnvironment testEnv, Worker worker, WorkflowOptions options) {
    bed = new WorkflowTestBed(testEnv, worker, options);
    env = bed.env;
    activities = bed.activities;
  }

  @Test
  void
      givenAnImmediateLiquidation_whenItStarts_thenEscalationFirstStepAndNoticeAreOneTransaction() {
    CallInput input = input("acc-start-one", Assessment.LIQUIDATION, env.currentTimeMillis());
    MarginCallWorkflow workflow = bed.start(input);
    String closeTask = input.callId() + ":close-all-positions";
    bed.settled(workflow, state -> closeTask.equals(state.awaitedTaskId()));

    assertThat(activities.changeSets())
        .containsExactly(
            List.of(
                "status:LIQUIDATING:CALL_ESCALATED_IMMEDIATE_LIQUIDATION:system",
                STEP_ONE,
                STARTED));
    assertThat(activities.whats())
        .containsSubsequence(
            STARTED,
            "gateway:TRADING=false",
            "gateway:WITHDRAWALS=false",
            "step:CLOSE_ALL_POSITIONS",
            "task:open:CLOSE_ALL_POSITIONS");
    // A manual step's start is recorded by the activity that opens its task.
    assertThat(activities.taskOpened(closeTask).stepStarted())
        .extracting(CallProgress::currentStep, CallProgress::action)
        .containsExactly("CLOSE_ALL_POSITIONS", "LIQUIDATION_STEP_STARTED");

    // The manual step's task is opened and completed through the workflow's own worker too.
    workflow.completeTask(new TaskCompletion(closeTask, "operator", "closed", null));
    bed.settled(
        workflow,
        state -> (input.callId() + ":reclaim-margin-plus-funds").equals(state.awaitedTaskId()));
    assertThat(activities.whats()).contains("task:done:" + closeTask + ":operator");
    assertThat(activities.ranAsOrdinaryActivities()).isEmpty();
    assertThat(scheduledActivities(input)).isEmpty();
  }

  @Test
  void givenAPendingWaiver_whenTheDeadlinePasses_thenTheEscalationIsRecordedBeforeTheLapse() {
    CallInput input =
        input("acc-start-lapse", Assessment.MARGIN_CALL, env.currentTimeMillis(), allAutomatic());
    MarginCallWorkflow workflow = bed.start(input);
    bed.settled(workflow, state -> state.status() == CallStatus.OPEN);
    workflow.requestWaiver(new WaiverRequest("supervisor", "feed glitch"));

    assertThat(bed.result(input).status()).isEqualTo(CallStatus.LIQUIDATED);
    assertThat(activities.whats())
        .containsSubsequence(
            "status:LIQUIDATING:CALL_ESCALATED_DEADLINE_EXPIRED:system",
            "waiver:REJECTED:system",
            STEP_ONE,
            STARTED,
            "gateway:TRADING=false");
    assertThat(activities.changeSets()).containsExactly(List.of(STEP_ONE, STARTED));
  }

  @Test
  void givenASupervisorsEscalation_whenAnswered_thenItsRecordWasWrittenOnItsOwnFirst() {
    CallInput input =
        input(
            "acc-start-escalate", Assessment.MARGIN_CALL, env.currentTimeMillis(), allAutomatic());
    MarginCallWorkflow workflow = bed.start(input);
    bed.settled(workflow, state -> state.status() == CallStatus.OPEN);

    EscalationResult result =
        workflow.escalateNow(new EscalationRequest("supervisor", "holder unreachable"));

    assertThat(result.status()).isEqualTo(CallStatus.LIQUIDATING);
    assertThat(activities.whats())
        .contains("status:LIQUIDATING:CALL_ESCALATED_BY_SUPERVISOR:supervisor");
    assertThat(bed.result(input).status()).isEqualTo(CallStatus.LIQUIDATED);
    assertThat(activities.changeSets()).containsExactly(List.of(STEP_ONE, STARTED));
  }

  @Test
  void givenACureDuringTheLapse_whenLiquidationStarts_thenTheCureIsNotedBeforeTheFirstStep()
      throws Exception {
    CallInput input =
        input("acc-start-cure", Assessment.MARGIN_CALL, env.currentTimeMillis(), allAutomatic());
    MarginCallWorkflow workflow = bed.start(input);
    bed.settled(workflow, state -> state.status() == CallStatus.OPEN);
    workflow.requestWaiver(new WaiverRequest("supervisor", "feed glitch"));
    RecordingActivities.Hold lapse = activities.holdAudit("WAIVER_REJECTED");

    WorkflowUpdateHandle<EscalationResult> escalation =
        WorkflowStub.fromTyped(workflow)
            .startUpdate(
                "escalateNow",
                WorkflowUpdateStage.ACCEPTED,
                EscalationResult.class,
                new EscalationRequest("supervisor2", "holder unreachable"));
    assertThat(lapse.started().await(10, TimeUnit.SECONDS)).isTrue();
    // The call is LIQUIDATING while its pending waiver lapses: the account recovers meanwhile.
    workflow.assessmentChanged(
        new AssessmentNotice(Assessment.HEALTHY, List.of("topped up"), "snap-cure", 1));
    env.sleep(Duration.ofSeconds(1));
    lapse.release().countDown();

    assertThat(escalation.getResult().status()).isEqualTo(CallStatus.LIQUIDATING);
    assertThat(bed.result(input).status()).isEqualTo(CallStatus.LIQUIDATED);
    assertThat(activities.whats())
        .containsSubsequence(
            "status:LIQUIDATING:CALL_ESCALATED_BY_SUPERVISOR:supervisor2",
            "waiver:REJECTED:system",
            STARTED,
            "audit:CURE_DURING_LIQUIDATION",
            STEP_ONE,
            "gateway:TRADING=false");
    assertThat(activities.changeSets()).containsExactly(List.of(STARTED));
  }

  @Test
  void
      givenARecoveredLiquidationWithItsTasksDone_whenResumed_thenEachStepIsRecordedAndNoTaskOpened() {
    CallInput stored =
        input("acc-start-recovered", Assessment.MARGIN_CALL, env.currentTimeMillis());
    String closeTask = stored.callId() + ":close-all-positions";
    String reclaimTask = stored.callId() + ":reclaim-margin-plus-funds";
    CallInput input =
        stored.withResume(
            new ResumeState(
                CallStatus.LIQUIDATING,
                LiquidationStep.CLOSE_ALL_POSITIONS,
                List.of(closeTask, reclaimTask),
                Assessment.LIQUIDATION,
                null,
                null,
                null));
    bed.start(input);

    assertThat(bed.result(input).status()).isEqualTo(CallStatus.LIQUIDATED);
    assertThat(activities.whats())
        .containsSubsequence(
            "step:CLOSE_ALL_POSITIONS",
            STARTED,
            "step:RECLAIM_MARGIN_PLUS_FUNDS",
            "step:CANCEL_MARGIN_PLUS")
        .noneMatch(what -> what.startsWith("task:open:"));
  }

  private List<String> scheduledActivities(CallInput input) {
    return bed.client.fetchHistory(input.callId()).getEvents().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
        .map(e -> e.getActivityTaskScheduledEventAttributes().getActivityType().getName())
        .toList();
  }
}
