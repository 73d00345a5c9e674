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

/**
 * Records the histories the replay test checks. Run it only when a deliberate, versioned change
 * needs new histories: {@code mvn test -Dtest=MarginCallHistoryRecorder -Dmargindesk.record=true}.
 */
@EnabledIfSystemProperty(named = "margindesk.record", matches = "true")
class MarginCallHistoryRecorder {
  static final Path DIR = Path.of("src/test/resources/histories");

  @Test
  void recordHistories() throws IOException {
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      Worker worker = env.newWorker(TaskQueues.MARGIN_CALLS);
      worker.registerWorkflowImplementationTypes(MarginCallWorkflowImpl.class);
      worker.registerActivitiesImplementations(new RecordingActivities());
      env.start();
      WorkflowClient client = env.getWorkflowClient();

      CallInput cured = input("acc-replay-cure", Assessment.MARGIN_CALL, env.currentTimeMillis());
      MarginCallWorkflow curedCall = start(client, cured);
      env.sleep(Duration.ofHours(7));
      curedCall.assessmentChanged(
          new AssessmentNotice(Assessment.HEALTHY, List.of("recovered"), "snap-2", 0));
      client.newUntypedWorkflowStub(cured.callId()).getResult(CallOutcome.class);
      write(client, cured.callId(), "margin-call-cured.json");

      CallInput liquidated =
          input("acc-replay-liquidate", Assessment.MARGIN_CALL, env.currentTimeMillis());
      MarginCallWorkflow liquidatedCall = start(client, liquidated);
      env.sleep(Duration.ofHours(13));
      complete(liquidatedCall, liquidated.callId() + ":close-all-positions");
      complete(liquidatedCall, liquidated.callId() + ":reclaim-margin-plus-funds");
      client.newUntypedWorkflowStub(liquidated.callId()).getResult(CallOutcome.class);
      write(client, liquidated.callId(), "margin-call-liquidated-manual-steps.json");
    }
  }

  private static MarginCallWorkflow start(WorkflowClient client, CallInput input) {
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

  private static void complete(MarginCallWorkflow workflow, String taskId) {
    long giveUp = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!taskId.equals(workflow.state(new StateQuery(false)).awaitedTaskId())) {
      if (System.nanoTime() > giveUp) {
        throw new AssertionError("task never awaited: " + taskId);
      }
      pause();
    }
    workflow.completeTask(new TaskCompletion(taskId, "operator", "done", "{\"ok\":true}"));
  }

  private static void write(WorkflowClient client, String workflowId, String file)
      throws IOException {
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
