package org.margindesk.workflow;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.function.Predicate;
import org.margindesk.workflow.messages.commands.CallInput;
import org.margindesk.workflow.messages.queries.CallState;
import org.margindesk.workflow.messages.queries.StateQuery;
import org.margindesk.workflow.messages.values.CallOutcome;

/**
 * The set-up every workflow test shares: Temporal's test server with time skipping, the margin-call
 * workflow on its task queue, recording activities on the server's clock, and the client calls the
 * tests make.
 */
final class WorkflowTestBed implements AutoCloseable {
  final TestWorkflowEnvironment env;
  final WorkflowClient client;
  final RecordingActivities activities = new RecordingActivities();

  WorkflowTestBed() {
    env = TestWorkflowEnvironment.newInstance();
    activities.useClockOf(env);
    Worker worker = env.newWorker(TaskQueues.MARGIN_CALLS);
    worker.registerWorkflowImplementationTypes(MarginCallWorkflowImpl.class);
    worker.registerActivitiesImplementations(activities);
    env.start();
    client = env.getWorkflowClient();
  }

  MarginCallWorkflow start(CallInput input) {
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

  CallOutcome result(CallInput input) {
    return client.newUntypedWorkflowStub(input.callId()).getResult(CallOutcome.class);
  }

  /** Waits (in real time, briefly) until the workflow has processed what it was sent. */
  static CallState awaitState(MarginCallWorkflow workflow, Predicate<CallState> until) {
    long giveUp = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      CallState state = workflow.state(new StateQuery());
      if (until.test(state)) {
        return state;
      }
      if (System.nanoTime() > giveUp) {
        throw new AssertionError("workflow never reached the state; last: " + state);
      }
      try {
        // Polls gently: the machine's cores are shared with the test server and the worker.
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  @Override
  public void close() {
    env.close();
  }
}
