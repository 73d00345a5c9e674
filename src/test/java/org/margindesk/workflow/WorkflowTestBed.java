package org.margindesk.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkflowImplementationOptions;
import java.time.Duration;
import java.util.function.Predicate;
import org.margindesk.workflow.messages.commands.CallInput;
import org.margindesk.workflow.messages.queries.CallState;
import org.margindesk.workflow.messages.queries.StateQuery;
import org.margindesk.workflow.messages.values.CallOutcome;

/**
 * What the workflow tests share on top of Temporal's {@link TestWorkflowExtension} (a test server
 * with time skipping, new for every test): recording activities on the server's clock, served where
 * the workflow sends them, and the client calls the tests make. Nothing here waits in real time.
 */
final class WorkflowTestBed {
  private static final Duration SETTLE = Duration.ofMinutes(1);

  final TestWorkflowEnvironment env;
  final WorkflowClient client;
  final RecordingActivities activities = new RecordingActivities();
  private final WorkflowOptions options;

  /** The extension each workflow test class registers; {@link #WorkflowTestBed} starts it. */
  static TestWorkflowExtension extension() {
    return extension(WorkflowImplementationOptions.getDefaultInstance());
  }

  /** The same, the workflow registered with these options (activity options overridden, say). */
  static TestWorkflowExtension extension(WorkflowImplementationOptions options) {
    return TestWorkflowExtension.newBuilder()
        .registerWorkflowImplementationTypes(options, MarginCallWorkflowImpl.class)
        .setDoNotStart(true)
        .build();
  }

  /** Takes what the extension injects into a {@code @BeforeEach} method. */
  WorkflowTestBed(TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) {
    this.env = env;
    this.client = env.getWorkflowClient();
    this.options = options;
    activities.useClockOf(env);
    // Local activities run on the workflow's own worker; the others go to the task queue that
    // LifecycleActivityOptions names.
    worker.registerActivitiesImplementations(activities);
    env.newWorker(TaskQueues.MARGIN_CALLS).registerActivitiesImplementations(activities);
    env.start();
  }

  MarginCallWorkflow start(CallInput input) {
    MarginCallWorkflow workflow =
        client.newWorkflowStub(
            MarginCallWorkflow.class,
            WorkflowOptions.newBuilder(options).setWorkflowId(input.callId()).build());
    WorkflowClient.start(workflow::run, input);
    return workflow;
  }

  CallOutcome result(CallInput input) {
    return client.newUntypedWorkflowStub(input.callId()).getResult(CallOutcome.class);
  }

  /**
   * The workflow's state once it has done everything it can without time passing. While a workflow
   * or activity task is in flight the test server's clock runs in real time; once nothing is, it
   * skips ahead. So this returns as soon as the workflow waits for something, and a minute of the
   * server's time is far more than a busy machine needs to get there.
   */
  CallState settledState(MarginCallWorkflow workflow) {
    env.sleep(SETTLE);
    return workflow.state(new StateQuery());
  }

  /** {@link #settledState}, which must be {@code expected} by then. */
  CallState settled(MarginCallWorkflow workflow, Predicate<CallState> expected) {
    CallState state = settledState(workflow);
    assertThat(state).as("the workflow's state once it settled").matches(expected);
    return state;
  }
}
