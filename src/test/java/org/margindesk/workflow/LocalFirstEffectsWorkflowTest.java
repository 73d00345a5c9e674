package org.margindesk.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.margindesk.workflow.CallInputFixtures.allAutomatic;
import static org.margindesk.workflow.CallInputFixtures.input;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.margindesk.domain.Assessment;
import org.margindesk.domain.CallStatus;
import org.margindesk.workflow.messages.commands.AssessmentNotice;
import org.margindesk.workflow.messages.commands.CallInput;
import org.margindesk.workflow.messages.values.CallOutcome;

/**
 * Since {@link CallEffects#EFFECTS_LOCAL_FIRST}, a call's effects after the opening run as local
 * activities, like the opening's: a liquidation's steps and records, a cure's lifted restrictions
 * and every notice go through the workflow's own worker, not through a server round trip each.
 * Handing an effect to the server once its local retries are spent is in {@link
 * LocalRetryBudgetWorkflowTest}.
 */
class LocalFirstEffectsWorkflowTest {
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
  void givenAnImmediateLiquidationWithAutomaticSteps_whenItRuns_thenNoEffectGoesThroughTheServer() {
    CallInput input =
        input(
            "acc-local-liquidation",
            Assessment.LIQUIDATION,
            env.currentTimeMillis(),
            allAutomatic());
    bed.start(input);

    CallOutcome outcome = bed.result(input);

    assertThat(outcome.status()).isEqualTo(CallStatus.LIQUIDATED);
    assertThat(activities.whats())
        .contains(
            "status:LIQUIDATING:CALL_ESCALATED_IMMEDIATE_LIQUIDATION:system",
            "notify:LIQUIDATION_STARTED",
            "gateway:TRADING=false",
            "gateway:close-all-positions",
            "gateway:reclaim-margin-plus",
            "facility:CANCELLED",
            "gateway:REDUCE_ONLY=false",
            "gateway:TRADING=true",
            "status:LIQUIDATED:CALL_LIQUIDATED:system",
            "notify:LIQUIDATION_COMPLETED");
    assertThat(activities.ranAsOrdinaryActivities()).isEmpty();
    assertThat(scheduledActivities(input))
        .as("activity tasks the server scheduled for the call")
        .isEmpty();
  }

  @Test
  void givenAnOpenCall_whenItIsCured_thenTheRestrictionsAreLiftedLocally() {
    CallInput input =
        input("acc-local-cure", Assessment.MARGIN_CALL, env.currentTimeMillis(), allAutomatic());
    MarginCallWorkflow workflow = bed.start(input);
    bed.settled(workflow, state -> state.status() == CallStatus.OPEN);

    workflow.assessmentChanged(
        new AssessmentNotice(Assessment.HEALTHY, List.of("topped up"), "snap-cure", 1));
    CallOutcome outcome = bed.result(input);

    assertThat(outcome.status()).isEqualTo(CallStatus.CURED);
    assertThat(activities.whats())
        .contains("gateway:REDUCE_ONLY=false", "gateway:WITHDRAWALS=true", "notify:CALL_CURED");
    assertThat(activities.ranAsOrdinaryActivities()).isEmpty();
    assertThat(scheduledActivities(input)).isEmpty();
  }

  @Test
  void givenAManualStep_whenTheCallLiquidates_thenItsOperatorTaskDoesNotGoThroughTheServer() {
    // Since CallEffects.LIQUIDATION_STARTS_TOGETHER tasks are opened local first as well.
    CallInput input = input("acc-local-manual", Assessment.LIQUIDATION, env.currentTimeMillis());
    MarginCallWorkflow workflow = bed.start(input);

    bed.settled(
        workflow, state -> (input.callId() + ":close-all-positions").equals(state.awaitedTaskId()));

    assertThat(activities.whats())
        .contains("gateway:TRADING=false", "task:open:CLOSE_ALL_POSITIONS");
    assertThat(activities.ranAsOrdinaryActivities()).isEmpty();
    assertThat(scheduledActivities(input)).isEmpty();
  }

  @Test
  void givenANewCall_whenItOpens_thenItAsksOneVersionOnly() {
    // Since CallEffects.TASK_WITH_OPENING the opening in one transaction is not asked about: each
    // version check costs a round of the workflow's threads.
    CallInput input = input("acc-local-versions", Assessment.MARGIN_CALL, env.currentTimeMillis());
    MarginCallWorkflow workflow = bed.start(input);
    bed.settled(workflow, state -> state.status() == CallStatus.OPEN);

    assertThat(activities.whats()).contains("record:OPEN", "audit:CALL_OPENED");
    assertThat(
            bed.client.fetchHistory(input.callId()).getHistory().getEventsList().stream()
                .filter(HistoryEvent::hasMarkerRecordedEventAttributes)
                .map(HistoryEvent::getMarkerRecordedEventAttributes)
                .filter(marker -> marker.getMarkerName().equals("Version"))
                .map(marker -> marker.getDetailsMap().get("changeId").getPayloads(0).getData())
                .map(data -> data.toStringUtf8().replace("\"", "")))
        .containsExactly(CallEffects.EFFECTS_LOCAL_FIRST);
  }

  private List<HistoryEvent> scheduledActivities(CallInput input) {
    return bed.client.fetchHistory(input.callId()).getHistory().getEventsList().stream()
        .filter(event -> event.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
        .toList();
  }
}
