package org.margindesk.service;

import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.margindesk.workflow.AssessmentNotice;
import org.margindesk.workflow.CallInput;
import org.margindesk.workflow.MarginCallWorkflow;
import org.margindesk.workflow.TaskQueues;

/** Starts and steers call workflows: the one place that knows their start options. */
@ApplicationScoped
public class MarginCallStarter {
  private static final Logger LOG = Logger.getLogger(MarginCallStarter.class);

  private final WorkflowClient client;

  MarginCallStarter(WorkflowClient client) {
    this.client = client;
  }

  /**
   * One workflow per call id. A running one is never duplicated (conflict policy FAIL); a finished
   * one may be replaced only if it did not complete (terminated, failed, timed out), which is what
   * recovery needs. Eager start hands the first workflow task straight to this process's worker, so
   * the account is restricted without waiting for a poll.
   */
  public static WorkflowOptions options(String callId) {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(callId)
        .setTaskQueue(TaskQueues.MARGIN_CALLS)
        .setWorkflowIdReusePolicy(
            WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY)
        .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
        .setDisableEagerExecution(false)
        .build();
  }

  /**
   * @return false if a workflow for the call is already running or completed
   */
  public boolean start(CallInput input) {
    MarginCallWorkflow workflow =
        client.newWorkflowStub(MarginCallWorkflow.class, options(input.callId()));
    try {
      WorkflowClient.start(workflow::run, input);
      LOG.infof(
          "Started workflow %s (%s)", input.callId(), input.resume() == null ? "new" : "recovered");
      return true;
    } catch (WorkflowExecutionAlreadyStarted e) {
      LOG.debugf("Workflow %s already started", input.callId());
      return false;
    }
  }

  /**
   * @return false if no workflow is running for the call (the reconciler will restart it)
   */
  public boolean signal(String callId, AssessmentNotice notice) {
    try {
      client.newWorkflowStub(MarginCallWorkflow.class, callId).assessmentChanged(notice);
      return true;
    } catch (WorkflowNotFoundException e) {
      LOG.warnf("No running workflow for %s; the reconciler restarts it", callId);
      return false;
    }
  }
}
