package org.margindesk.service;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowServiceException;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.margindesk.workflow.MarginCallWorkflow;
import org.margindesk.workflow.TaskCompletion;
import org.margindesk.workflow.TaskCompletionResult;

/**
 * Tells a call's workflow that a task is done, through the {@code completeTask} update. The update
 * returns once the workflow's activity has marked the task DONE in PostgreSQL, or fails without
 * having changed anything (the validator refused it, or the activity found the task changed).
 */
@ApplicationScoped
public class TaskWorkflowClient {
  private final WorkflowClient client;

  TaskWorkflowClient(WorkflowClient client) {
    this.client = client;
  }

  /** The workflow refused the completion; nothing was changed. */
  public static class Refused extends RuntimeException {
    Refused(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The workflow could not be reached (not running, or Temporal unavailable); retry later. */
  public static class Unreachable extends RuntimeException {
    Unreachable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  public TaskCompletionResult complete(String callId, TaskCompletion completion) {
    try {
      return client.newWorkflowStub(MarginCallWorkflow.class, callId).completeTask(completion);
    } catch (WorkflowUpdateException e) {
      throw new Refused(reasons(e), e);
    } catch (WorkflowNotFoundException e) {
      throw new Unreachable(
          "the workflow of " + callId + " is not running; the reconciler restarts it", e);
    } catch (WorkflowServiceException e) {
      throw new Unreachable("Temporal did not answer for " + callId, e);
    }
  }

  /** The messages of every ApplicationFailure in the chain: the workflow's and its activity's. */
  private static String reasons(Throwable failure) {
    List<String> reasons = new ArrayList<>();
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof ApplicationFailure application
          && application.getOriginalMessage() != null
          && !application.getOriginalMessage().isBlank()) {
        reasons.add(application.getOriginalMessage());
      }
    }
    return reasons.isEmpty() ? "the workflow refused the completion" : String.join(": ", reasons);
  }
}
