package org.margindesk.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.margindesk.workflow.CallInputFixtures.allAutomatic;
import static org.margindesk.workflow.CallInputFixtures.input;

import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
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
import org.margindesk.domain.Assessment;
import org.margindesk.domain.CallStatus;
import org.margindesk.domain.LiquidationStep;
import org.margindesk.workflow.messages.commands.AssessmentNotice;
import org.margindesk.workflow.messages.commands.CallInput;
import org.margindesk.workflow.messages.commands.TaskCompletion;
import org.margindesk.workflow.messages.values.CallOutcome;
import org.margindesk.workflow.messages.values.TaskCompletionResult;

class MarginCallWorkflowTest {
  private static final List<String> AUTOMATIC_LIQUIDATION =
      List.of(
          "step:DISABLE_TRADING_AND_WITHDRAWALS",
          "gateway:TRADING=false",
          "gateway:WITHDRAWALS=false",
          "step:CLOSE_ALL_POSITIONS",
          "gateway:close-all-positions",
          "step:RECLAIM_MARGIN_PLUS_FUNDS",
          "gateway:reclaim-margin-plus",
          "step:CANCEL_MARGIN_PLUS",
          "facility:CANCELLED",
          "step:RESTORE_ACCOUNT_CONTROL",
          "gateway:REDUCE_ONLY=false",
          "gateway:WITHDRAWALS=true",
          "gateway:TRADING=true");

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

  private static AssessmentNotice notice(Assessment assessment) {
    return new AssessmentNotice(assessment, List.of(assessment + " observed"), "snap-1", 0);
  }

  private static AssessmentNotice notice(Assessment assessment, String snapshotId, long asOf) {
    return new AssessmentNotice(assessment, List.of(assessment + " observed"), snapshotId, asOf);
  }

  @Test
  void givenAnOpenCall_whenCuredBeforeTheDeadline_thenRestrictionsAreLiftedAndTheCallIsCured() {
    long openedAt = env.currentTimeMillis();
    CallInput input = input("acc-cure", Assessment.MARGIN_CALL, openedAt);
    MarginCallWorkflow workflow = start(input);
    bed.settled(workflow, s -> s.status() == CallStatus.OPEN);
    env.sleep(Duration.ofHours(3));

    workflow.assessmentChanged(notice(Assessment.HEALTHY));
    CallOutcome outcome = result(input);

    assertThat(outcome.status()).isEqualTo(CallStatus.CURED);
    assertThat(activities.whats())
        .containsExactly(
            "record:OPEN",
            "notify:CALL_OPENED",
            "audit:CALL_OPENED",
            "gateway:REDUCE_ONLY=true",
            "gateway:WITHDRAWALS=false",
            "gateway:REDUCE_ONLY=false",
            "gateway:WITHDRAWALS=true",
            "notify:CALL_CURED",
            "status:CURED:CALL_CURED:system");
  }

  @Test
  void givenIngestionRestrictedTheAccount_whenTheCallOpens_thenOnlyWhatIsNotOnRecordIsSent() {
    CallInput input =
        input("acc-restricted-first", Assessment.MARGIN_CALL, env.currentTimeMillis());
    String reduceOnly = input.callId() + ":open:reduce-only-on";
    String withdrawals = input.callId() + ":open:withdrawals-off";
    // The exchange confirmed reduce-only before the workflow ran; withdrawals are still pending.
    activities.restrictedByIngestion(reduceOnly, "REDUCE_ONLY=true");
    MarginCallWorkflow workflow = start(input);

    bed.settled(workflow, s -> s.status() == CallStatus.OPEN);

    assertThat(activities.calls(reduceOnly)).isEqualTo(1);
    assertThat(activities.calls(withdrawals)).isEqualTo(1);
    assertThat(activities.whats())
        .containsExactly(
            "ingestion:REDUCE_ONLY=true",
            "record:OPEN",
            "notify:CALL_OPENED",
            "audit:CALL_OPENED",
            "gateway:WITHDRAWALS=false");
  }

  @Test
  void givenAnOpenCall_whenTheDeadlinePasses_thenTheSystemEscalatesAndLiquidatesInSeedOrder() {
    long openedAt = env.currentTimeMillis();
    CallInput input = input("acc-deadline", Assessment.MARGIN_CALL, openedAt, allAutomatic());
    start(input);

    CallOutcome outcome = result(input);

    assertThat(outcome.status()).isEqualTo(CallStatus.LIQUIDATED);
    RecordingActivities.Effect escalation =
        activities.effects().stream()
            .filter(e -> e.what().startsWith("status:LIQUIDATING"))
            .findFirst()
            .orElseThrow();
    assertThat(escalation.what())
        .isEqualTo("status:LIQUIDATING:CALL_ESCALATED_DEADLINE_EXPIRED:system");
    assertThat(escalation.atMillis()).isGreaterThanOrEqualTo(input.deadlineMillis());
    List<String> whats = activities.whats();
    int at = whats.indexOf(escalation.what());
    // The escalation, the first step's record and the holder's notice are one transaction, noted
    // in that order (CallEffects.startLiquidation).
    assertThat(whats.subList(at + 1, at + 3))
        .containsExactly(AUTOMATIC_LIQUIDATION.get(0), "notify:LIQUIDATION_STARTED");
    assertThat(whats.subList(at + 3, at + 2 + AUTOMATIC_LIQUIDATION.size()))
        .containsExactlyElementsOf(AUTOMATIC_LIQUIDATION.subList(1, AUTOMATIC_LIQUIDATION.size()));
    assertThat(whats)
        .endsWith(
            "facility:CANCELLED",
            "status:LIQUIDATED:CALL_LIQUIDATED:system",
            "notify:LIQUIDATION_COMPLETED");
  }

  @Test
  void givenANewerBreachNotice_whenAnOlderCureNoticeArrivesLate_thenItIsIgnored() {
    long openedAt = env.currentTimeMillis();
    CallInput input = input("acc-late", Assessment.MARGIN_CALL, openedAt, allAutomatic());
    MarginCallWorkflow workflow = start(input);
    bed.settled(workflow, s -> s.status() == CallStatus.OPEN);

    workflow.assessmentChanged(
        new AssessmentNotice(Assessment.MARGIN_CALL, List.of("still short"), "snap-2", 2_000));
    workflow.assessmentChanged(
        new AssessmentNotice(Assessment.HEALTHY, List.of("topped up"), "snap-1", 1_000));
    CallOutcome outcome = result(input);

    assertThat(outcome.status()).isEqualTo(CallStatus.LIQUIDATED);
    assertThat(activities.whats())
        .contains("status:LIQUIDATING:CALL_ESCALATED_DEADLINE_EXPIRED:system")
        .doesNotContain("notify:CALL_CURED");
  }

  @Test
  void givenAnOpenCall_whenAHardBreachArrivesMidCall_thenItEscalatesAtOnce() {
    long openedAt = env.currentTimeMillis();
    CallInput input = input("acc-breach", Assessment.MARGIN_CALL, openedAt, allAutomatic());
    MarginCallWorkflow workflow = start(input);
    bed.settled(workflow, s -> s.status() == CallStatus.OPEN);
    env.sleep(Duration.ofHours(2));

    workflow.assessmentChanged(notice(Assessment.LIQUIDATION));
    CallOutcome outcome = result(input);

    assertThat(outcome.status()).isEqualTo(CallStatus.LIQUIDATED);
    RecordingActivities.Effect escalation =
        activities.effects().stream()
            .filter(e -> e.what().startsWith("status:LIQUIDATING"))
            .findFirst()
            .orElseThrow();
    assertThat(escalation.what()).isEqualTo("status:LIQUIDATING:CALL_ESCALATED_HARD_BREACH:system");
    assertThat(escalation.atMillis() - openedAt).isLessThan(Duration.ofHours(3).toMillis());
  }

  @Test
  void givenTheFirstAssessmentIsLiquidation_whenTheCallOpens_thenItLiquidatesWithNoGracePeriod() {
    long openedAt = env.currentTimeMillis();
    CallInput input = input("acc-immediate", Assessment.LIQUIDATION, openedAt, allAutomatic());
    start(input);

    CallOutcome outcome = result(input);

    assertThat(outcome.status()).isEqualTo(CallStatus.LIQUIDATED);
    assertThat(activities.whats()).doesNotContain("notify:CALL_OPENED");
    // The opening and liquidation's first records are one activity; the restrictions ingestion
    // did not get done follow it, the opening's first.
    assertThat(activities.whats())
        .startsWith(
            "record:LIQUIDATING",
            "audit:CALL_OPENED",
            "status:LIQUIDATING:CALL_ESCALATED_IMMEDIATE_LIQUIDATION:system",
            "step:DISABLE_TRADING_AND_WITHDRAWALS",
            "notify:LIQUIDATION_STARTED",
            "gateway:REDUCE_ONLY=true",
            "gateway:WITHDRAWALS=false",
            "gateway:TRADING=false");
    assertThat(activities.effects().get(activities.effects().size() - 1).atMillis() - openedAt)
        .isLessThan(Duration.ofMinutes(1).toMillis());
  }

  @Test
  void
      givenManualSteps_whenTasksAreCompleted_thenLiquidationWaitsForEachAndValidatorRejectsBadOnes() {
    long openedAt = env.currentTimeMillis();
    CallInput input = input("acc-manual", Assessment.LIQUIDATION, openedAt);
    MarginCallWorkflow workflow = start(input);
    String closeTask = input.callId() + ":close-all-positions";
    String reclaimTask = input.callId() + ":reclaim-margin-plus-funds";
    bed.settled(workflow, s -> closeTask.equals(s.awaitedTaskId()));

    assertThatThrownBy(
            () -> workflow.completeTask(new TaskCompletion("nope", "operator", "done", null)))
        .isInstanceOf(WorkflowUpdateException.class)
        .hasStackTraceContaining("unknown task nope");
    assertThatThrownBy(() -> workflow.completeTask(new TaskCompletion(closeTask, " ", null, null)))
        .hasStackTraceContaining("actor is required");
    assertThatThrownBy(
            () -> workflow.completeTask(new TaskCompletion(closeTask, "operator", null, "[1]")))
        .hasStackTraceContaining("evidence must be a JSON object");
    workflow.assessmentChanged(notice(Assessment.HEALTHY));

    TaskCompletionResult closed =
        workflow.completeTask(
            new TaskCompletion(closeTask, "operator", "closed on the exchange", "{\"fills\":3}"));
    assertThat(closed.step()).isEqualTo(LiquidationStep.CLOSE_ALL_POSITIONS);
    assertThatThrownBy(
            () -> workflow.completeTask(new TaskCompletion(closeTask, "operator2", null, null)))
        .hasStackTraceContaining("already completed");
    bed.settled(workflow, s -> reclaimTask.equals(s.awaitedTaskId()));
    workflow.completeTask(new TaskCompletion(reclaimTask, "operator2", "funds moved", null));
    CallOutcome outcome = result(input);

    assertThat(outcome.status()).isEqualTo(CallStatus.LIQUIDATED);
    assertThat(outcome.outcome()).contains("cure arrived during liquidation");
    assertThat(activities.whats())
        .containsSubsequence(
            "step:CLOSE_ALL_POSITIONS",
            "task:open:CLOSE_ALL_POSITIONS",
            "audit:CURE_DURING_LIQUIDATION",
            "task:done:" + closeTask + ":operator",
            "step:RECLAIM_MARGIN_PLUS_FUNDS",
            "task:open:RECLAIM_MARGIN_PLUS_FUNDS",
            "task:done:" + reclaimTask + ":operator2",
            "step:CANCEL_MARGIN_PLUS",
            "status:LIQUIDATED:CALL_LIQUIDATED:system")
        .doesNotContain("gateway:close-all-positions", "gateway:reclaim-margin-plus");
    long acceptedUpdates =
        client.fetchHistory(input.callId()).getEvents().stream()
            .filter(
                e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED)
            .count();
    assertThat(acceptedUpdates).as("rejected completions never enter history").isEqualTo(2);
  }

  @Test
  void givenACureStillBeingAudited_whenTheAwaitedTaskIsCompleted_thenTheTaskIsRecordedAfterTheCure()
      throws Exception {
    CallInput input = input("acc-cure-then-done", Assessment.LIQUIDATION, env.currentTimeMillis());
    MarginCallWorkflow workflow = start(input);
    String closeTask = input.callId() + ":close-all-positions";
    bed.settled(workflow, s -> closeTask.equals(s.awaitedTaskId()));
    RecordingActivities.Hold cureAudit = activities.holdAudit("CURE_DURING_LIQUIDATION");

    workflow.assessmentChanged(notice(Assessment.HEALTHY));
    assertThat(cureAudit.started().await(10, TimeUnit.SECONDS)).isTrue();
    WorkflowUpdateHandle<TaskCompletionResult> completion =
        WorkflowStub.fromTyped(workflow)
            .startUpdate(
                "completeTask",
                WorkflowUpdateStage.ACCEPTED,
                TaskCompletionResult.class,
                new TaskCompletion(closeTask, "operator", "closed", null));

    // The update is accepted in a workflow task of its own; that task must not already complete
    // the task while the cure, which the call saw first, is still being audited (the order below).
    assertThat(activities.whats()).doesNotContain("task:done:" + closeTask + ":operator");
    cureAudit.release().countDown();
    assertThat(completion.getResult().step()).isEqualTo(LiquidationStep.CLOSE_ALL_POSITIONS);
    assertThat(activities.whats())
        .containsSubsequence(
            "audit:CURE_DURING_LIQUIDATION", "task:done:" + closeTask + ":operator");
  }

  private List<String> scheduledActivities(CallInput input) {
    return client.fetchHistory(input.callId()).getEvents().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
        .map(e -> e.getActivityTaskScheduledEventAttributes().getActivityType().getName())
        .toList();
  }

  @Test
  void givenDefaultOffsets_whenTheWindowRuns_thenRemindersGoOutSixAndOneHourBeforeTheDeadline() {
    long openedAt = env.currentTimeMillis();
    CallInput input = input("acc-remind", Assessment.MARGIN_CALL, openedAt, allAutomatic());
    start(input);

    result(input);

    List<RecordingActivities.Effect> reminders =
        activities.effects().stream().filter(e -> e.what().equals("notify:REMINDER")).toList();
    assertThat(reminders).hasSize(2);
    assertThat(reminders.get(0).key()).endsWith(":reminder:PT6H");
    assertThat(reminders.get(1).key()).endsWith(":reminder:PT1H");
    long deadline = input.deadlineMillis();
    assertThat(reminders.get(0).atMillis())
        .isBetween(
            deadline - Duration.ofHours(6).toMillis(), deadline - Duration.ofHours(5).toMillis());
    assertThat(reminders.get(1).atMillis())
        .isBetween(deadline - Duration.ofHours(1).toMillis(), deadline);
  }
}
