package org.margindesk.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.margindesk.workflow.CallInputFixtures.allAutomatic;
import static org.margindesk.workflow.CallInputFixtures.input;

import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.margindesk.domain.Assessment;
import org.margindesk.domain.CallStatus;
import org.margindesk.domain.LiquidationStep;
import org.margindesk.domain.StepMode;
import org.margindesk.workflow.messages.commands.AssessmentNotice;
import org.margindesk.workflow.messages.commands.CallInput;
import org.margindesk.workflow.messages.commands.ResumeState;
import org.margindesk.workflow.messages.commands.TaskCompletion;
import org.margindesk.workflow.messages.queries.CallState;
import org.margindesk.workflow.messages.queries.StateQuery;
import org.margindesk.workflow.messages.values.CallOutcome;

/**
 * A call restarted from its stored state (after its workflow was lost, or carried over by
 * continue-as-new) goes on where it was, with what it had already done kept.
 */
class MarginCallRecoveryWorkflowTest {
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

  private MarginCallWorkflow start(CallInput input) {
    return bed.start(input);
  }

  private CallOutcome result(CallInput input) {
    return bed.result(input);
  }

  private static AssessmentNotice notice(Assessment assessment, String snapshotId, long asOf) {
    return new AssessmentNotice(assessment, List.of(assessment + " observed"), snapshotId, asOf);
  }

  @Test
  void givenALostLiquidation_whenRestartedFromStoredState_thenItResumesAtItsStepKeepingDoneTasks() {
    long openedAt = env.currentTimeMillis() - Duration.ofHours(13).toMillis();
    CallInput stored = input("acc-recover", Assessment.MARGIN_CALL, openedAt);
    String closeTask = stored.callId() + ":close-all-positions";
    String reclaimTask = stored.callId() + ":reclaim-margin-plus-funds";
    CallInput input =
        stored.withResume(
            new ResumeState(
                CallStatus.LIQUIDATING,
                LiquidationStep.CLOSE_ALL_POSITIONS,
                List.of(closeTask),
                Assessment.LIQUIDATION,
                null,
                null,
                null));
    MarginCallWorkflow workflow = start(input);
    bed.settled(workflow, s -> reclaimTask.equals(s.awaitedTaskId()));
    workflow.completeTask(new TaskCompletion(reclaimTask, "operator", null, null));

    assertThat(result(input).status()).isEqualTo(CallStatus.LIQUIDATED);
    assertThat(activities.whats())
        .doesNotContain(
            "record:OPEN",
            "notify:CALL_OPENED",
            "task:open:CLOSE_ALL_POSITIONS",
            "step:DISABLE_TRADING_AND_WITHDRAWALS")
        .startsWith(
            "step:CLOSE_ALL_POSITIONS",
            "notify:LIQUIDATION_STARTED",
            "step:RECLAIM_MARGIN_PLUS_FUNDS");
  }

  @Test
  void
      givenALostImmediateLiquidationWithAManualFirstStep_whenRecovered_thenTheAccountIsRestricted() {
    Map<LiquidationStep, StepMode> modes = new EnumMap<>(LiquidationStep.defaultModes());
    modes.put(LiquidationStep.DISABLE_TRADING_AND_WITHDRAWALS, StepMode.MANUAL);
    CallInput stored =
        input("acc-lost-immediate", Assessment.LIQUIDATION, env.currentTimeMillis(), modes);
    CallInput input =
        stored.withResume(
            new ResumeState(
                CallStatus.LIQUIDATING,
                LiquidationStep.DISABLE_TRADING_AND_WITHDRAWALS,
                List.of(),
                Assessment.LIQUIDATION,
                null,
                null,
                null));
    MarginCallWorkflow workflow = start(input);

    String firstTask = input.callId() + ":disable-trading-and-withdrawals";
    bed.settled(workflow, s -> firstTask.equals(s.awaitedTaskId()));

    assertThat(activities.whats())
        .containsSubsequence(
            "audit:CALL_OPENED",
            "gateway:REDUCE_ONLY=true",
            "gateway:WITHDRAWALS=false",
            "status:LIQUIDATING:CALL_ESCALATED_IMMEDIATE_LIQUIDATION:system",
            "task:open:DISABLE_TRADING_AND_WITHDRAWALS")
        .doesNotContain("notify:CALL_OPENED");
  }

  @Test
  void givenNotices_whenTheStateIsCarriedOver_thenTheNewestAcceptedNoticeGoesWithIt() {
    CallInput input = input("acc-carry-notice", Assessment.MARGIN_CALL, env.currentTimeMillis());
    MarginCallWorkflow workflow = start(input);
    workflow.assessmentChanged(notice(Assessment.MARGIN_CALL, "snap-7", 7_000));
    workflow.assessmentChanged(notice(Assessment.MARGIN_CALL, "snap-5", 5_000));

    // The state query's resume state is what continue-as-new passes to the next run.
    CallState state = bed.settled(workflow, s -> s.resume().lastNotice() != null);

    assertThat(state.resume().lastNotice().snapshotId()).isEqualTo("snap-7");
  }

  @Test
  void givenACarriedOverNotice_whenAnOlderCureArrives_thenItIsIgnoredAndANewerOneCures() {
    long openedAt = env.currentTimeMillis();
    CallInput input =
        input("acc-after-can", Assessment.MARGIN_CALL, openedAt)
            .withResume(
                new ResumeState(
                    CallStatus.OPEN,
                    null,
                    List.of(),
                    Assessment.MARGIN_CALL,
                    null,
                    null,
                    notice(Assessment.MARGIN_CALL, "snap-20", 20_000)));
    MarginCallWorkflow workflow = start(input);

    workflow.assessmentChanged(notice(Assessment.HEALTHY, "snap-10", 10_000));
    env.sleep(Duration.ofMinutes(5));
    assertThat(workflow.state(new StateQuery()).status()).isEqualTo(CallStatus.OPEN);
    workflow.assessmentChanged(notice(Assessment.HEALTHY, "snap-30", 30_000));

    assertThat(result(input).status()).isEqualTo(CallStatus.CURED);
  }

  @Test
  void givenALostOpenCallWhoseDeadlinePassed_whenRestarted_thenItEscalatesAtOnce() {
    long openedAt = env.currentTimeMillis() - Duration.ofHours(13).toMillis();
    CallInput input =
        input("acc-expired", Assessment.MARGIN_CALL, openedAt, allAutomatic())
            .withResume(
                new ResumeState(
                    CallStatus.OPEN, null, List.of(), Assessment.MARGIN_CALL, null, null, null));
    long restartedAt = env.currentTimeMillis();
    start(input);

    assertThat(result(input).status()).isEqualTo(CallStatus.LIQUIDATED);
    RecordingActivities.Effect escalation =
        activities.effects().stream()
            .filter(e -> e.what().startsWith("status:LIQUIDATING"))
            .findFirst()
            .orElseThrow();
    assertThat(escalation.what()).contains("DEADLINE_EXPIRED");
    assertThat(escalation.atMillis() - restartedAt).isLessThan(Duration.ofMinutes(1).toMillis());
    assertThat(activities.whats()).doesNotContain("notify:REMINDER");
  }

  @Test
  void givenALostOpenCallThatRecoveredMeanwhile_whenRestarted_thenItIsCured() {
    long openedAt = env.currentTimeMillis() - Duration.ofHours(2).toMillis();
    CallInput input =
        input("acc-recovered", Assessment.MARGIN_CALL, openedAt)
            .withResume(
                new ResumeState(
                    CallStatus.OPEN, null, List.of(), Assessment.HEALTHY, null, null, null));
    start(input);

    assertThat(result(input).status()).isEqualTo(CallStatus.CURED);
  }
}
