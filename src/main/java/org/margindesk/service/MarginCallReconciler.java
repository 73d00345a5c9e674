package org.margindesk.service;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;
import org.margindesk.persistence.MarginCallEntity;
import org.margindesk.workflow.AssessmentNotice;
import org.margindesk.workflow.CallInput;

/**
 * Restarts the workflow of every OPEN or LIQUIDATING call that has none running: after the embedded
 * Temporal server lost its memory in a restart, after a start that failed post-commit, or after a
 * workflow was terminated. The new run starts from the stored state (original deadline, the step
 * liquidation had reached, completed tasks), and every effect is keyed, so nothing repeats.
 */
@ApplicationScoped
public class MarginCallReconciler {
  private static final Logger LOG = Logger.getLogger(MarginCallReconciler.class);

  private final WorkflowClient client;
  private final CallInputs inputs;
  private final MarginCallStarter starter;
  private final TemporalMarginCallLifecycle lifecycle;

  MarginCallReconciler(
      WorkflowClient client,
      CallInputs inputs,
      MarginCallStarter starter,
      TemporalMarginCallLifecycle lifecycle) {
    this.lifecycle = lifecycle;
    this.client = client;
    this.inputs = inputs;
    this.starter = starter;
  }

  /** After the workers (priority 100) poll, so recovered workflows run at once. */
  void atStartup(@Observes @Priority(200) StartupEvent event) {
    reconcileQuietly();
  }

  @Scheduled(
      every = "${margin-desk.reconciler.interval:PT30S}",
      delayed = "${margin-desk.reconciler.interval:PT30S}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void periodically() {
    reconcileQuietly();
  }

  /**
   * @return the ids of the calls whose workflow was restarted
   */
  public List<String> reconcile() {
    List<OpenCall> open =
        QuarkusTransaction.requiringNew()
            .call(
                () ->
                    MarginCallEntity.listOpen().stream()
                        .map(
                            call ->
                                new OpenCall(inputs.forRecovery(call), inputs.pendingNotice(call)))
                        .toList());
    List<String> restarted = new ArrayList<>();
    for (OpenCall call : open) {
      String callId = call.input().callId();
      if (!isRunning(callId)) {
        if (starter.start(call.input())) {
          // The new run starts from the row's latest assessment, which the notice carried.
          LOG.warnf("Recovered margin call %s at %s", callId, call.input().resume().status());
          restarted.add(callId);
          if (call.pendingNotice() != null) {
            lifecycle.clearPendingNotice(callId, call.pendingNotice());
          }
        }
      } else if (call.pendingNotice() != null && lifecycle.deliver(callId, call.pendingNotice())) {
        LOG.warnf(
            "Delivered the %s notice that had not reached %s",
            call.pendingNotice().assessment(), callId);
      }
    }
    return restarted;
  }

  private record OpenCall(CallInput input, AssessmentNotice pendingNotice) {}

  private void reconcileQuietly() {
    try {
      reconcile();
    } catch (RuntimeException e) {
      LOG.errorf(e, "Reconciling open margin calls failed; the next run retries");
    }
  }

  private boolean isRunning(String callId) {
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
      throw e;
    }
  }
}
