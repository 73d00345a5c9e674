package org.margindesk.service;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.api.filter.v1.WorkflowTypeFilter;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowServiceException;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jboss.logging.Logger;
import org.margindesk.workflow.MarginCallWorkflow;
import org.margindesk.workflow.TaskQueues;
import org.margindesk.workflow.messages.commands.AssessmentNotice;
import org.margindesk.workflow.messages.commands.CallInput;
import org.margindesk.workflow.messages.values.LifecycleFailure;

/**
 * The one port to Temporal for the service: every client call on a call's workflow (start, signal,
 * describe, update) goes through here, with the one set of start options, and Temporal's failures
 * come out as the domain's: {@link Refused}, {@link NotRunning}, {@link Unreachable}.
 */
@ApplicationScoped
public class CallWorkflows {
  private static final Logger LOG = Logger.getLogger(CallWorkflows.class);

  /** The workflow refused an update; nothing was changed. */
  public static class Refused extends RuntimeException {
    private final transient LifecycleFailure.Refused refusal;

    Refused(String message, LifecycleFailure.Refused refusal, Throwable cause) {
      super(message, cause);
      this.refusal = refusal;
    }

    /** The refusal a validator encoded (its kind and field), when it was one of ours. */
    public Optional<LifecycleFailure.Refused> refusal() {
      return Optional.ofNullable(refusal);
    }
  }

  /** No workflow runs for the call (finished, or lost: the reconciler restarts a lost one). */
  public static class NotRunning extends RuntimeException {
    NotRunning(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Temporal did not answer; nothing is known to have happened. Try again later. */
  public static class Unreachable extends RuntimeException {
    Unreachable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private static final int LISTING_PAGE = 1_000;

  /** The workflow type Temporal knows the margin call by: its interface's simple name. */
  static final String WORKFLOW_TYPE = MarginCallWorkflow.class.getSimpleName();

  private final WorkflowClient client;

  CallWorkflows(WorkflowClient client) {
    this.client = client;
  }

  /**
   * One workflow per call id. A running one is never duplicated (conflict policy FAIL); a finished
   * one may be replaced only if it did not complete (terminated, failed, timed out), which is what
   * recovery needs. Eager start hands the first workflow task straight to this process's worker, so
   * the call opens without waiting for a poll.
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
   * @throws Unreachable if Temporal did not answer
   */
  public boolean start(CallInput input) {
    // Untyped: a typed stub is a reflective proxy built per start, a cost every one of a shock's
    // thousands of starts paid on the dispatch threads. The type is the interface's own name.
    WorkflowStub workflow = client.newUntypedWorkflowStub(WORKFLOW_TYPE, options(input.callId()));
    try {
      workflow.start(input);
      // A new call's start is routine (its CALL_OPENED record follows at once), and a shock has
      // thousands in a second: at INFO their lines took more CPU than the starts' own JSON. A
      // recovered call's start is the news an operator looks for after an outage.
      if (input.resume() == null) {
        LOG.debugf("Started workflow %s (new)", input.callId());
      } else {
        LOG.infof("Started workflow %s (recovered)", input.callId());
      }
      return true;
    } catch (WorkflowExecutionAlreadyStarted e) {
      LOG.debugf("Workflow %s already started", input.callId());
      return false;
    } catch (WorkflowServiceException e) {
      throw new Unreachable("Temporal did not start the workflow of " + input.callId(), e);
    }
  }

  /**
   * @return false if no workflow is running for the call (the reconciler will restart it)
   * @throws Unreachable if Temporal did not answer
   */
  public boolean signal(String callId, AssessmentNotice notice) {
    try {
      client.newWorkflowStub(MarginCallWorkflow.class, callId).assessmentChanged(notice);
      return true;
    } catch (WorkflowNotFoundException e) {
      LOG.warnf("No running workflow for %s; the reconciler restarts it", callId);
      return false;
    } catch (WorkflowServiceException e) {
      throw new Unreachable("Temporal did not take the notice for " + callId, e);
    }
  }

  /**
   * @throws Unreachable if Temporal did not answer
   */
  public boolean isRunning(String callId) {
    try {
      WorkflowExecutionStatus status =
          client
              .getWorkflowServiceStubs()
              .blockingStub()
              .describeWorkflowExecution(
                  DescribeWorkflowExecutionRequest.newBuilder()
                      .setNamespace(client.getOptions().getNamespace())
                      .setExecution(WorkflowExecution.newBuilder().setWorkflowId(callId).build())
                      .build())
              .getWorkflowExecutionInfo()
              .getStatus();
      return status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return false;
      }
      throw new Unreachable("Temporal did not describe " + callId, e);
    }
  }

  /**
   * Which of these calls have a running workflow, as Temporal's visibility lists them: one paged
   * listing instead of a question per call. Visibility lags a little behind the workflows, so a
   * call missing from the answer may still be running (ask {@link #isRunning}), and a call in it
   * may have just ended (a later pass sees it). A listing that fails for any other reason than an
   * unreachable server answers no call, so each one is asked about on its own (the embedded test
   * server's listing fails whenever workflows are starting: it walks its executions unlocked).
   *
   * @throws Unreachable if Temporal did not answer
   */
  public Set<String> runningAmong(Set<String> callIds) {
    Set<String> running = new HashSet<>();
    if (callIds.isEmpty()) {
      return running;
    }
    ByteString page = ByteString.EMPTY;
    try {
      do {
        ListOpenWorkflowExecutionsResponse listed =
            client
                .getWorkflowServiceStubs()
                .blockingStub()
                .listOpenWorkflowExecutions(
                    ListOpenWorkflowExecutionsRequest.newBuilder()
                        .setNamespace(client.getOptions().getNamespace())
                        .setTypeFilter(WorkflowTypeFilter.newBuilder().setName(WORKFLOW_TYPE))
                        .setMaximumPageSize(LISTING_PAGE)
                        .setNextPageToken(page)
                        .build());
        for (WorkflowExecutionInfo info : listed.getExecutionsList()) {
          String id = info.getExecution().getWorkflowId();
          if (callIds.contains(id)) {
            running.add(id);
          }
        }
        page = listed.getNextPageToken();
      } while (!page.isEmpty());
      return running;
    } catch (StatusRuntimeException e) {
      Status.Code code = e.getStatus().getCode();
      if (code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED) {
        throw new Unreachable("Temporal did not list the running workflows", e);
      }
      // The listing only saves questions: without it (a server that lacks it, or the embedded
      // test server failing to list while workflows start), each call is asked about instead.
      LOG.warnf("Temporal did not list the running workflows (%s); each call is described", code);
      return Set.of();
    }
  }

  /**
   * Sends an update (a human decision) to the call's workflow and returns its answer.
   *
   * @throws Refused if the workflow's validator or handler refused it
   * @throws NotRunning if no workflow runs for the call
   * @throws Unreachable if Temporal did not answer
   */
  public <T> T update(String callId, Function<MarginCallWorkflow, T> update) {
    try {
      return update.apply(client.newWorkflowStub(MarginCallWorkflow.class, callId));
    } catch (WorkflowUpdateException e) {
      throw refused(e);
    } catch (WorkflowNotFoundException e) {
      throw new NotRunning(
          "the workflow of " + callId + " is not running; the reconciler restarts it", e);
    } catch (WorkflowServiceException e) {
      throw new Unreachable("Temporal did not answer for " + callId, e);
    }
  }

  /**
   * The messages of every ApplicationFailure in the chain (the workflow's and its activity's), and
   * the refusal a validator encoded in one of them (temporalio/sdk-java#2875: the failure's type
   * does not reach the client, so {@link LifecycleFailure#refused} puts it in the message).
   */
  private static Refused refused(WorkflowUpdateException e) {
    List<String> reasons = new ArrayList<>();
    LifecycleFailure.Refused decoded = null;
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof ApplicationFailure failure) {
        String message = failure.getOriginalMessage();
        if (message != null && !message.isBlank()) {
          reasons.add(message);
        }
        if (decoded == null) {
          decoded = LifecycleFailure.decode(message).orElse(null);
        }
      }
    }
    return new Refused(
        reasons.isEmpty() ? "the workflow refused the request" : String.join(": ", reasons),
        decoded,
        e);
  }
}
