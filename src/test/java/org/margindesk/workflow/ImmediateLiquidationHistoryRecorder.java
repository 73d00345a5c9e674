package org.margindesk.workflow;

import static org.margindesk.workflow.CallInputFixtures.input;
import static org.margindesk.workflow.MarginCallHistoryRecorder.complete;
import static org.margindesk.workflow.MarginCallHistoryRecorder.environment;
import static org.margindesk.workflow.MarginCallHistoryRecorder.start;
import static org.margindesk.workflow.MarginCallHistoryRecorder.write;

import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestWorkflowEnvironment;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.margindesk.domain.Assessment;
import org.margindesk.workflow.messages.commands.CallInput;
import org.margindesk.workflow.messages.values.CallOutcome;

/**
 * Records the histories of calls that open liquidating, as {@link MarginCallHistoryRecorder} does
 * the others: only for a deliberate, versioned change, with {@code -Dmargindesk.record=true}.
 */
@EnabledIfSystemProperty(named = "margindesk.record", matches = "true")
class ImmediateLiquidationHistoryRecorder {
  /**
   * A call that opens liquidating, its first step's trading off already on record by ingestion and
   * its withdrawals off not (FIRST_STEP_AT_OPENING), liquidated through its manual steps. {@code
   * -Dtest=ImmediateLiquidationHistoryRecorder#givenTheFirstStepAtOpening_whenRecorded_thenItsHistoryIsWritten}.
   */
  @Test
  void givenTheFirstStepAtOpening_whenRecorded_thenItsHistoryIsWritten() throws IOException {
    RecordingActivities activities = new RecordingActivities();
    try (TestWorkflowEnvironment env = environment(activities)) {
      WorkflowClient client = env.getWorkflowClient();
      CallInput call =
          input("acc-replay-first-step", Assessment.LIQUIDATION, env.currentTimeMillis());
      activities.restrictedByIngestion(
          call.callId() + ":liquidation:disable-trading-and-withdrawals:trading-off",
          "TRADING=false");
      MarginCallWorkflow workflow = start(client, call);
      complete(workflow, call.callId() + ":close-all-positions");
      complete(workflow, call.callId() + ":reclaim-margin-plus-funds");
      client.newUntypedWorkflowStub(call.callId()).getResult(CallOutcome.class);
      write(client, call.callId(), "margin-call-first-step-at-opening.json");
    }
  }

  /**
   * The same, with every restriction on record (TASK_WITH_OPENING): the close-out's task opens with
   * the opening. {@code
   * -Dtest=ImmediateLiquidationHistoryRecorder#givenTheTaskWithTheOpening_whenRecorded_thenItsHistoryIsWritten}.
   */
  @Test
  void givenTheTaskWithTheOpening_whenRecorded_thenItsHistoryIsWritten() throws IOException {
    RecordingActivities activities = new RecordingActivities();
    try (TestWorkflowEnvironment env = environment(activities)) {
      WorkflowClient client = env.getWorkflowClient();
      CallInput call = input("acc-replay-task", Assessment.LIQUIDATION, env.currentTimeMillis());
      for (String key :
          List.of(
              "open:reduce-only-on",
              "open:withdrawals-off",
              "liquidation:disable-trading-and-withdrawals:trading-off",
              "liquidation:disable-trading-and-withdrawals:withdrawals-off")) {
        activities.restrictedByIngestion(call.callId() + ":" + key, key);
      }
      MarginCallWorkflow workflow = start(client, call);
      complete(workflow, call.callId() + ":close-all-positions");
      complete(workflow, call.callId() + ":reclaim-margin-plus-funds");
      client.newUntypedWorkflowStub(call.callId()).getResult(CallOutcome.class);
      write(client, call.callId(), "margin-call-task-with-opening.json");
    }
  }
}
