package org.margindesk.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.margindesk.workflow.CallInputFixtures.input;

import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.margindesk.domain.Assessment;
import org.margindesk.domain.LiquidationStep;
import org.margindesk.domain.Restriction;
import org.margindesk.domain.StepMode;
import org.margindesk.workflow.messages.commands.CallInput;
import org.margindesk.workflow.messages.commands.TaskCompletion;

/**
 * Since {@link CallEffects#FIRST_STEP_AT_OPENING}, ingestion disables trading and withdrawals of a
 * call that opens liquidating under the first step's keys, and the workflow looks those keys up
 * with the opening's: what is on record is not sent again, what is not is sent by the step. A new
 * call that opens liquidating writes its opening and liquidation's first records in one activity,
 * and with them the next step's operator task if the first step has nothing to send ({@link
 * CallEffects#TASK_WITH_OPENING}).
 */
class FirstStepAtOpeningWorkflowTest {
  private static final LiquidationStep FIRST = LiquidationStep.DISABLE_TRADING_AND_WITHDRAWALS;

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
  void givenIngestionTookTheFirstStep_whenTheCallLiquidates_thenItsRestrictionsAreNotSentAgain() {
    CallInput input = input("acc-first-done", Assessment.LIQUIDATION, env.currentTimeMillis());
    String tradingOff = firstStepKey(input, Restriction.TRADING);
    String withdrawalsOff = firstStepKey(input, Restriction.WITHDRAWALS);
    openingRestrictedByIngestion(input);
    activities.restrictedByIngestion(tradingOff, "TRADING=false");
    activities.restrictedByIngestion(withdrawalsOff, "WITHDRAWALS=false");

    startUntilTheCloseTask(input);

    assertThat(activities.calls(tradingOff)).isEqualTo(1);
    assertThat(activities.calls(withdrawalsOff)).isEqualTo(1);
    assertThat(activities.whats())
        .containsSubsequence(
            "ingestion:TRADING=false",
            "ingestion:WITHDRAWALS=false",
            "record:LIQUIDATING",
            "audit:CALL_OPENED",
            "status:LIQUIDATING:CALL_ESCALATED_IMMEDIATE_LIQUIDATION:system",
            "step:DISABLE_TRADING_AND_WITHDRAWALS",
            "notify:LIQUIDATION_STARTED",
            "step:CLOSE_ALL_POSITIONS",
            "task:open:CLOSE_ALL_POSITIONS")
        .noneMatch(what -> what.startsWith("gateway:"));
    // The opening, liquidation's first records and the next step's task: one activity
    // (TASK_WITH_OPENING).
    assertThat(localActivities(input)).containsExactly("RecordLiquidatingOpening");
    assertThat(activities.taskOpened(input.callId() + ":close-all-positions").stepStarted())
        .isNotNull();
  }

  @Test
  void givenTheTaskOpenedWithTheOpening_whenTheOperatorCompletesIt_thenTheNextStepFollows() {
    CallInput input = input("acc-first-task", Assessment.LIQUIDATION, env.currentTimeMillis());
    openingRestrictedByIngestion(input);
    activities.restrictedByIngestion(firstStepKey(input, Restriction.TRADING), "TRADING=false");
    activities.restrictedByIngestion(
        firstStepKey(input, Restriction.WITHDRAWALS), "WITHDRAWALS=false");
    MarginCallWorkflow workflow = startUntilTheCloseTask(input);

    workflow.completeTask(
        new TaskCompletion(
            input.callId() + ":close-all-positions", "operator", "closed", "{\"ok\":true}"));
    String reclaimTask = input.callId() + ":reclaim-margin-plus-funds";
    bed.settled(workflow, state -> reclaimTask.equals(state.awaitedTaskId()));

    // The close-out's start and task are on record once: the step did not open its task again.
    assertThat(activities.whats())
        .containsSubsequence(
            "task:open:CLOSE_ALL_POSITIONS",
            "task:done:" + input.callId() + ":close-all-positions:operator",
            "step:RECLAIM_MARGIN_PLUS_FUNDS",
            "task:open:RECLAIM_MARGIN_PLUS_FUNDS")
        .filteredOn(what -> what.equals("task:open:CLOSE_ALL_POSITIONS"))
        .hasSize(1);
    assertThat(localActivities(input))
        .containsExactly("RecordLiquidatingOpening", "CompleteTask", "OpenTask");
  }

  @Test
  void givenOnlyTradingOffOnRecord_whenTheFirstStepRuns_thenItSendsTheWithdrawalsAlone() {
    CallInput input = input("acc-first-half", Assessment.LIQUIDATION, env.currentTimeMillis());
    String tradingOff = firstStepKey(input, Restriction.TRADING);
    String withdrawalsOff = firstStepKey(input, Restriction.WITHDRAWALS);
    // The exchange confirmed trading off at ingestion; withdrawals off did not get through.
    openingRestrictedByIngestion(input);
    activities.restrictedByIngestion(tradingOff, "TRADING=false");

    startUntilTheCloseTask(input);

    assertThat(activities.calls(tradingOff)).isEqualTo(1);
    assertThat(activities.calls(withdrawalsOff)).isEqualTo(1);
    assertThat(activities.whats())
        .containsSubsequence(
            "step:DISABLE_TRADING_AND_WITHDRAWALS",
            "gateway:WITHDRAWALS=false",
            "step:CLOSE_ALL_POSITIONS",
            "task:open:CLOSE_ALL_POSITIONS")
        .filteredOn(what -> what.startsWith("gateway:"))
        .containsExactly("gateway:WITHDRAWALS=false");
    // The first step had a restriction to send, so its task waited for it: an activity of its own.
    assertThat(localActivities(input))
        .containsExactly("RecordLiquidatingOpening", "Restrict", "OpenTask");
  }

  @Test
  void givenAManualFirstStep_whenTheCallOpensLiquidating_thenItsOperatorTaskStillOpens() {
    Map<LiquidationStep, StepMode> modes = LiquidationStep.defaultModes();
    modes.put(FIRST, StepMode.MANUAL);
    CallInput input =
        input("acc-first-manual", Assessment.LIQUIDATION, env.currentTimeMillis(), modes);

    MarginCallWorkflow workflow = bed.start(input);
    String firstTask = input.callId() + ":" + FIRST.kebab();
    bed.settled(workflow, state -> firstTask.equals(state.awaitedTaskId()));

    assertThat(activities.whats())
        .contains("task:open:DISABLE_TRADING_AND_WITHDRAWALS")
        .doesNotContain("gateway:TRADING=false");
  }

  /** Starts the call and waits until it awaits the operator's close-all-positions task. */
  private MarginCallWorkflow startUntilTheCloseTask(CallInput input) {
    MarginCallWorkflow workflow = bed.start(input);
    String closeTask = input.callId() + ":close-all-positions";
    bed.settled(workflow, state -> closeTask.equals(state.awaitedTaskId()));
    return workflow;
  }

  /** The key of one of the first step's restrictions (both are switched off). */
  private static String firstStepKey(CallInput input, Restriction what) {
    return new CallKeys(input.callId()).stepRestriction(FIRST, what, false);
  }

  /** Reduce-only on and withdrawals off, confirmed by the exchange before the workflow ran. */
  private void openingRestrictedByIngestion(CallInput input) {
    activities.restrictedByIngestion(input.callId() + ":open:reduce-only-on", "REDUCE_ONLY=true");
    activities.restrictedByIngestion(input.callId() + ":open:withdrawals-off", "WITHDRAWALS=false");
  }

  /** The local activities the call's history records, by type, in order. */
  private List<String> localActivities(CallInput input) {
    return bed.client.fetchHistory(input.callId()).getEvents().stream()
        .filter(HistoryEvent::hasMarkerRecordedEventAttributes)
        .map(HistoryEvent::getMarkerRecordedEventAttributes)
        .filter(marker -> marker.getDetailsMap().containsKey("type"))
        .map(
            marker ->
                marker
                    .getDetailsMap()
                    .get("type")
                    .getPayloads(0)
                    .getData()
                    .toStringUtf8()
                    .replace("\"", ""))
        .toList();
  }
}
