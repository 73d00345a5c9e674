package org.margindesk.workflow;

import static org.margindesk.workflow.CallInputFixtures.input;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.margindesk.domain.Assessment;
import org.margindesk.domain.ExchangeRefusal;
import org.margindesk.workflow.messages.commands.AssessmentNotice;
import org.margindesk.workflow.messages.commands.CallInput;
import org.margindesk.workflow.messages.commands.EscalationRequest;
import org.margindesk.workflow.messages.commands.ExtensionRequest;
import org.margindesk.workflow.messages.commands.TaskCompletion;
import org.margindesk.workflow.messages.commands.WaiverDecision;
import org.margindesk.workflow.messages.commands.WaiverRequest;
import org.margindesk.workflow.messages.queries.StateQuery;
import org.margindesk.workflow.messages.values.CallOutcome;
import org.margindesk.workflow.messages.values.WaiverResult;

/**
 * Records the histories the replay test checks. Run it only when a deliberate, versioned change
 * needs new histories: {@code ./mvnw test -Dtest=MarginCallHistoryRecorder
 * -Dmargindesk.record=true}.
 */
@EnabledIfSystemProperty(named = "margindesk.record", matches = "true")
class MarginCallHistoryRecorder {
  static final Path DIR = Path.of("src/test/resources/histories");

  @Test
  void givenTheLifecycleScenarios_whenRecorded_thenTheirHistoriesAreWritten() throws IOException {
    try (TestWorkflowEnvironment env = environment()) {
      WorkflowClient client = env.getWorkflowClient();

      CallInput cured = input("acc-replay-cure", Assessment.MARGIN_CALL, env.currentTimeMillis());
      MarginCallWorkflow curedCall = start(client, cured);
      env.sleep(Duration.ofHours(7));
      curedCall.assessmentChanged(
          new AssessmentNotice(Assessment.HEALTHY, List.of("recovered"), "snap-2", 0));
      client.newUntypedWorkflowStub(cured.callId()).getResult(CallOutcome.class);
      write(client, cured.callId(), "margin-call-cured.json");

      recordLiquidatedThroughManualSteps(
          env, "acc-replay-liquidate", "margin-call-liquidated-manual-steps.json");
    }
  }

  /**
   * Supervisors' actions, recorded on their own so that recording them does not rewrite the
   * histories above: {@code
   * -Dtest=MarginCallHistoryRecorder#givenSupervisorActionScenarios_whenRecorded_thenTheirHistoriesAreWritten}.
   */
  @Test
  void givenSupervisorActionScenarios_whenRecorded_thenTheirHistoriesAreWritten()
      throws IOException {
    try (TestWorkflowEnvironment env = environment()) {
      WorkflowClient client = env.getWorkflowClient();

      CallInput waived = input("acc-replay-waive", Assessment.MARGIN_CALL, env.currentTimeMillis());
      MarginCallWorkflow waivedCall = start(client, waived);
      env.sleep(Duration.ofHours(2));
      waivedCall.extendDeadline(new ExtensionRequest("supervisor", "PT6H", "top-up in transit"));
      env.sleep(Duration.ofHours(13));
      WaiverResult request =
          waivedCall.requestWaiver(new WaiverRequest("supervisor", "duplicate breach report"));
      waivedCall.approveWaiver(new WaiverDecision(request.waiverId(), "supervisor2", "agreed"));
      client.newUntypedWorkflowStub(waived.callId()).getResult(CallOutcome.class);
      write(client, waived.callId(), "margin-call-extended-then-waived.json");

      CallInput escalated =
          input(
              "acc-replay-escalate",
              Assessment.MARGIN_CALL,
              env.currentTimeMillis(),
              CallInputFixtures.allAutomatic());
      MarginCallWorkflow escalatedCall = start(client, escalated);
      env.sleep(Duration.ofHours(1));
      WaiverResult rejected =
          escalatedCall.requestWaiver(new WaiverRequest("supervisor", "feed glitch"));
      escalatedCall.rejectWaiver(
          new WaiverDecision(rejected.waiverId(), "supervisor2", "the feed was right"));
      escalatedCall.requestWaiver(new WaiverRequest("supervisor2", "second opinion"));
      escalatedCall.escalateNow(new EscalationRequest("supervisor", "holder unreachable"));
      client.newUntypedWorkflowStub(escalated.callId()).getResult(CallOutcome.class);
      write(client, escalated.callId(), "margin-call-escalated-by-supervisor.json");
    }
  }

  /**
   * A cure while an operator works, then the completion: goes through the version marker
   * COMPLETION_AFTER_NOTED_CURE. {@code
   * -Dtest=MarginCallHistoryRecorder#givenACureDuringLiquidation_whenRecorded_thenItsHistoryIsWritten}.
   */
  @Test
  void givenACureDuringLiquidation_whenRecorded_thenItsHistoryIsWritten() throws IOException {
    try (TestWorkflowEnvironment env = environment()) {
      WorkflowClient client = env.getWorkflowClient();

      CallInput call =
          input("acc-replay-cure-in-liquidation", Assessment.LIQUIDATION, env.currentTimeMillis());
      MarginCallWorkflow workflow = start(client, call);
      awaitTask(workflow, call.callId() + ":close-all-positions");
      workflow.assessmentChanged(
          new AssessmentNotice(Assessment.HEALTHY, List.of("recovered"), "snap-2", 1));
      complete(workflow, call.callId() + ":close-all-positions");
      complete(workflow, call.callId() + ":reclaim-margin-plus-funds");
      client.newUntypedWorkflowStub(call.callId()).getResult(CallOutcome.class);
      write(client, call.callId(), "margin-call-cure-during-liquidation.json");
    }
  }

  /**
   * A notice overtaken by a newer one, then a cure: goes through IGNORE_OVERTAKEN_NOTICES. {@code
   * -Dtest=MarginCallHistoryRecorder#givenAnOvertakenNotice_whenRecorded_thenItsHistoryIsWritten}.
   */
  @Test
  void givenAnOvertakenNotice_whenRecorded_thenItsHistoryIsWritten() throws IOException {
    try (TestWorkflowEnvironment env = environment()) {
      WorkflowClient client = env.getWorkflowClient();

      CallInput call =
          input("acc-replay-overtaken", Assessment.MARGIN_CALL, env.currentTimeMillis());
      MarginCallWorkflow workflow = start(client, call);
      workflow.assessmentChanged(
          new AssessmentNotice(Assessment.MARGIN_CALL, List.of("still short"), "snap-2", 2_000));
      workflow.assessmentChanged(
          new AssessmentNotice(Assessment.HEALTHY, List.of("late, older"), "snap-1", 1_000));
      env.sleep(Duration.ofHours(1));
      workflow.assessmentChanged(
          new AssessmentNotice(Assessment.HEALTHY, List.of("recovered"), "snap-3", 3_000));
      client.newUntypedWorkflowStub(call.callId()).getResult(CallOutcome.class);
      write(client, call.callId(), "margin-call-overtaken-notice.json");
    }
  }

  /**
   * The opening written by one activity (OPENING_IN_ONE_TRANSACTION): a call cured, and one that
   * liquidates from its first assessment. {@code
   * -Dtest=MarginCallHistoryRecorder#givenTheOpeningInOneTransaction_whenRecorded_thenItsHistoriesAreWritten}.
   */
  @Test
  void givenTheOpeningInOneTransaction_whenRecorded_thenItsHistoriesAreWritten()
      throws IOException {
    try (TestWorkflowEnvironment env = environment()) {
      WorkflowClient client = env.getWorkflowClient();

      CallInput cured = input("acc-replay-one-tx", Assessment.MARGIN_CALL, env.currentTimeMillis());
      MarginCallWorkflow curedCall = start(client, cured);
      env.sleep(Duration.ofHours(3));
      curedCall.assessmentChanged(
          new AssessmentNotice(Assessment.HEALTHY, List.of("recovered"), "snap-2", 0));
      client.newUntypedWorkflowStub(cured.callId()).getResult(CallOutcome.class);
      write(client, cured.callId(), "margin-call-opening-in-one-transaction-cured.json");

      CallInput immediate =
          input(
              "acc-replay-one-tx-liquidation",
              Assessment.LIQUIDATION,
              env.currentTimeMillis(),
              CallInputFixtures.allAutomatic());
      start(client, immediate);
      client.newUntypedWorkflowStub(immediate.callId()).getResult(CallOutcome.class);
      write(client, immediate.callId(), "margin-call-opening-in-one-transaction-liquidated.json");
    }
  }

  /**
   * Effects run local first (EFFECTS_LOCAL_FIRST): a call liquidated through its manual steps when
   * its deadline passed, and an immediate liquidation whose refused step was done by hand. {@code
   * -Dtest=MarginCallHistoryRecorder#givenEffectsLocalFirst_whenRecorded_thenTheirHistoriesAreWritten}.
   */
  @Test
  void givenEffectsLocalFirst_whenRecorded_thenTheirHistoriesAreWritten() throws IOException {
    RecordingActivities activities = new RecordingActivities();
    try (TestWorkflowEnvironment env = environment(activities)) {
      WorkflowClient client = env.getWorkflowClient();

      recordLiquidatedThroughManualSteps(
          env, "acc-replay-local-first", "margin-call-effects-local-first-liquidated.json");

      CallInput refused =
          input(
              "acc-replay-local-first-refused",
              Assessment.LIQUIDATION,
              env.currentTimeMillis(),
              CallInputFixtures.allAutomatic());
      activities.refuse(refused.callId() + ":liquidation:close-all-positions:effect", 1);
      MarginCallWorkflow refusedCall = start(client, refused);
      String close =
          refused.callId() + ":exchange-refused:liquidation:close-all-positions:effect:1";
      awaitRefusal(refusedCall, close);
      closedByHand(refusedCall, close, "T-2");
      client.newUntypedWorkflowStub(refused.callId()).getResult(CallOutcome.class);
      write(client, refused.callId(), "margin-call-effects-local-first-refused.json");
    }
  }

  /**
   * Liquidation starting with one activity and tasks opened local first
   * (LIQUIDATION_STARTS_TOGETHER): a call liquidated through its manual steps when its deadline
   * passed, and one whose pending waiver lapsed as it escalated. {@code
   * -Dtest=MarginCallHistoryRecorder#givenLiquidationStartingTogether_whenRecorded_thenTheirHistoriesAreWritten}.
   */
  @Test
  void givenLiquidationStartingTogether_whenRecorded_thenTheirHistoriesAreWritten()
      throws IOException {
    try (TestWorkflowEnvironment env = environment()) {
      WorkflowClient client = env.getWorkflowClient();

      recordLiquidatedThroughManualSteps(
          env, "acc-replay-together", "margin-call-liquidation-starts-together-manual-steps.json");

      CallInput lapsed =
          input(
              "acc-replay-together-lapsed",
              Assessment.MARGIN_CALL,
              env.currentTimeMillis(),
              CallInputFixtures.allAutomatic());
      MarginCallWorkflow lapsedCall = start(client, lapsed);
      env.sleep(Duration.ofHours(1));
      lapsedCall.requestWaiver(new WaiverRequest("supervisor", "feed glitch"));
      client.newUntypedWorkflowStub(lapsed.callId()).getResult(CallOutcome.class);
      write(client, lapsed.callId(), "margin-call-liquidation-starts-together-waiver-lapsed.json");
    }
  }

  /** A test server with the workflow and recording activities registered, started. */
  private static TestWorkflowEnvironment environment() {
    return environment(new RecordingActivities());
  }

  /** The same, with these activities: a scenario that scripts their answers. */
  static TestWorkflowEnvironment environment(RecordingActivities activities) {
    TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
    Worker worker = env.newWorker(TaskQueues.MARGIN_CALLS);
    worker.registerWorkflowImplementationTypes(MarginCallWorkflowImpl.class);
    worker.registerActivitiesImplementations(activities);
    env.start();
    return env;
  }

  /**
   * Refusals by the exchange: the open step's reduce-only refused and retried, then a liquidation
   * step refused and done by hand. {@code
   * -Dtest=MarginCallHistoryRecorder#givenAnExchangeRefusal_whenRecorded_thenItsHistoryIsWritten}.
   */
  @Test
  void givenAnExchangeRefusal_whenRecorded_thenItsHistoryIsWritten() throws IOException {
    RecordingActivities activities = new RecordingActivities();
    try (TestWorkflowEnvironment env = environment(activities)) {
      WorkflowClient client = env.getWorkflowClient();

      CallInput call =
          input(
              "acc-replay-refused",
              Assessment.MARGIN_CALL,
              env.currentTimeMillis(),
              CallInputFixtures.allAutomatic());
      activities.refuse(call.callId() + ":open:reduce-only-on", 1);
      activities.refuse(call.callId() + ":liquidation:close-all-positions:effect", 1);
      MarginCallWorkflow workflow = start(client, call);
      String open = call.callId() + ":exchange-refused:open:reduce-only-on:1";
      awaitRefusal(workflow, open);
      workflow.completeTask(
          new TaskCompletion(
              open, "operator", "unlocked", null, null, false, ExchangeRefusal.Resolution.RETRY));
      env.sleep(Duration.ofHours(13));
      String close = call.callId() + ":exchange-refused:liquidation:close-all-positions:effect:1";
      awaitRefusal(workflow, close);
      closedByHand(workflow, close, "T-1");
      client.newUntypedWorkflowStub(call.callId()).getResult(CallOutcome.class);
      write(client, call.callId(), "margin-call-exchange-refused.json");
    }
  }

  /**
   * A margin call whose deadline passes without a cure, liquidated through its two manual steps
   * (each completed by an operator), its history written to {@code file}.
   */
  private static void recordLiquidatedThroughManualSteps(
      TestWorkflowEnvironment env, String account, String file) throws IOException {
    WorkflowClient client = env.getWorkflowClient();
    CallInput call = input(account, Assessment.MARGIN_CALL, env.currentTimeMillis());
    MarginCallWorkflow workflow = start(client, call);
    env.sleep(Duration.ofHours(13));
    complete(workflow, call.callId() + ":close-all-positions");
    complete(workflow, call.callId() + ":reclaim-margin-plus-funds");
    client.newUntypedWorkflowStub(call.callId()).getResult(CallOutcome.class);
    write(client, call.callId(), file);
  }

  /** The operator resolves a refused close-out as done at the exchange's desk. */
  private static void closedByHand(MarginCallWorkflow workflow, String taskId, String ticket) {
    workflow.completeTask(
        new TaskCompletion(
            taskId,
            "operator",
            "closed at the exchange's desk",
            "{\"exchangeTicket\":\"" + ticket + "\"}",
            null,
            false,
            ExchangeRefusal.Resolution.DONE_BY_HAND));
  }

  private static void awaitRefusal(MarginCallWorkflow workflow, String taskId) {
    long giveUp = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!workflow.state(new StateQuery()).refusedTaskIds().contains(taskId)) {
      if (System.nanoTime() > giveUp) {
        throw new AssertionError("refusal never pending: " + taskId);
      }
      pause();
    }
  }

  static MarginCallWorkflow start(WorkflowClient client, CallInput input) {
    MarginCallWorkflow workflow =
        client.newWorkflowStub(
            MarginCallWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(input.callId())
                .setTaskQueue(TaskQueues.MARGIN_CALLS)
                .build());
    WorkflowClient.start(workflow::run, input);
    return workflow;
  }

  static void complete(MarginCallWorkflow workflow, String taskId) {
    awaitTask(workflow, taskId);
    workflow.completeTask(new TaskCompletion(taskId, "operator", "done", "{\"ok\":true}"));
  }

  private static void awaitTask(MarginCallWorkflow workflow, String taskId) {
    long giveUp = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!taskId.equals(workflow.state(new StateQuery()).awaitedTaskId())) {
      if (System.nanoTime() > giveUp) {
        throw new AssertionError("task never awaited: " + taskId);
      }
      pause();
    }
  }

  static void write(WorkflowClient client, String workflowId, String file) throws IOException {
    Files.createDirectories(DIR);
    Files.writeString(DIR.resolve(file), client.fetchHistory(workflowId).toJson(true));
  }

  /** Polls gently: the machine's cores are shared with the test server and the worker. */
  private static void pause() {
    try {
      Thread.sleep(10);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
