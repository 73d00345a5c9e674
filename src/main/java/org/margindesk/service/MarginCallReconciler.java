package org.margindesk.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.margindesk.config.MarginDeskConfig;
import org.margindesk.metrics.MarginDeskMetrics;
import org.margindesk.pacing.IngestionPressure;
import org.margindesk.persistence.MarginCallEntity;
import org.margindesk.workflow.messages.commands.AssessmentNotice;
import org.margindesk.workflow.messages.commands.CallInput;

/**
 * Restarts the workflow of every OPEN or LIQUIDATING call that has none running: after the embedded
 * Temporal server lost its memory in a restart, after a start that failed post-commit, or after a
 * workflow was terminated. The new run starts from the stored state (original deadline, the step
 * liquidation had reached, completed tasks), and every effect is keyed, so nothing repeats.
 */
@ApplicationScoped
public class MarginCallReconciler {
  private static final Logger LOG = Logger.getLogger(MarginCallReconciler.class);

  private final CallInputs inputs;
  private final CallWorkflows starter;
  private final CallDispatch dispatch;
  private final MarginDeskConfig config;
  private final MarginDeskMetrics metrics;
  private final IngestionPressure pressure;
  private final Clock clock;

  MarginCallReconciler(
      CallInputs inputs,
      CallWorkflows starter,
      CallDispatch dispatch,
      MarginDeskConfig config,
      MarginDeskMetrics metrics,
      IngestionPressure pressure,
      Clock clock) {
    this.pressure = pressure;
    this.dispatch = dispatch;
    this.inputs = inputs;
    this.starter = starter;
    this.config = config;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** After the workers (priority 100) poll, so recovered workflows run at once. */
  void atStartup(@Observes @Priority(200) StartupEvent event) {
    reconcileOnWorkers();
  }

  @Scheduled(
      every = "${margin-desk.reconciler.interval:PT30S}",
      delayed = "${margin-desk.reconciler.interval:PT30S}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void periodically() {
    // Bookkeeping: a pass that falls in a market shock waits, like a workflow start, for the
    // batches still restricting accounts (at most margin-desk.workflow-starts.yield-to-ingestion).
    pressure.yieldUntil(pressure.deadlineFromNow());
    reconcileOnWorkers();
  }

  /**
   * Where the workers run, and only there: an API-only replica restarting workflows would add a
   * second reconciler per API instance racing the workers' one.
   */
  void reconcileOnWorkers() {
    if (!config.runsWorkers()) {
      return;
    }
    try {
      reconcile();
    } catch (RuntimeException e) {
      LOG.errorf(e, "Reconciling open margin calls failed; the next run retries");
    }
  }

  /**
   * Handles each open call on its own: one that cannot be recovered is logged and counted, and the
   * others still are. Calls opened within the start grace are left to the start that follows their
   * commit, so the reconciler never races a live start. An unreachable Temporal ends the pass,
   * which every call would fail alike.
   *
   * <p>One listing of the running workflows answers for most calls at once: only a call missing
   * from it, or one with a notice to deliver, is read and asked about on its own, so a pass over
   * 10,000 healthy open calls costs one query and a few pages, not 10,000 transactions and as many
   * questions to Temporal.
   *
   * @return the ids of the calls whose workflow was restarted
   */
  public List<String> reconcile() {
    IngestionPressure.Deadline pass = pressure.deadlineFromNow();
    Instant openedBefore = clock.instant().minus(config.reconciler().startGrace());
    List<MarginCallEntity.Reconcilable> open =
        QuarkusTransaction.requiringNew()
            .call(() -> MarginCallEntity.openOpenedBefore(openedBefore));
    Set<String> listed =
        starter.runningAmong(
            open.stream().map(MarginCallEntity.Reconcilable::id).collect(Collectors.toSet()));
    List<String> restarted = new ArrayList<>();
    for (MarginCallEntity.Reconcilable call : open) {
      boolean running = listed.contains(call.id());
      if (running && !call.noticePending()) {
        continue;
      }
      // A pass that falls back to asking about each call can outlast its start's wait and run
      // into a shock: each call gives way again to the batches restricting accounts.
      pressure.yieldItem(pass);
      try {
        if (reconcile(call, running)) {
          restarted.add(call.id());
        }
      } catch (CallWorkflows.Unreachable e) {
        throw e;
      } catch (RuntimeException e) {
        failed(call.id(), e);
      }
    }
    return restarted;
  }

  private void failed(String callId, RuntimeException e) {
    metrics.reconcileFailed();
    LOG.errorf(e, "Reconciling margin call %s failed; the next run retries it", callId);
  }

  /**
   * Asks Temporal about a call the listing left out before reading its row: when the listing fails
   * (the embedded test server's does while workflows start), every open call comes here, and
   * building a recovery input costs several reads, which a running call without a notice to deliver
   * does not need.
   *
   * @return true if the call's workflow was restarted
   */
  private boolean reconcile(MarginCallEntity.Reconcilable listed, boolean listedRunning) {
    String callId = listed.id();
    boolean running = listedRunning;
    if (!listedRunning) {
      metrics.reconcilerCheckedOne();
      running = starter.isRunning(callId);
      if (running && !listed.noticePending()) {
        return false;
      }
    }
    OpenCall call =
        QuarkusTransaction.requiringNew()
            .call(
                () ->
                    MarginCallEntity.findOpenById(callId)
                        .map(
                            row -> new OpenCall(inputs.forRecovery(row), inputs.pendingNotice(row)))
                        .orElse(null));
    if (call == null) {
      return false;
    }
    if (!running) {
      if (starter.start(call.input())) {
        // The new run starts from the row's latest assessment, which the notice carried.
        LOG.warnf("Recovered margin call %s at %s", callId, call.input().resume().status());
        if (call.pendingNotice() != null) {
          dispatch.clearPendingNotice(callId, call.pendingNotice());
        }
        return true;
      }
    } else if (call.pendingNotice() != null && dispatch.deliver(callId, call.pendingNotice())) {
      LOG.warnf(
          "Delivered the %s notice that had not reached %s",
          call.pendingNotice().assessment(), callId);
    }
    return false;
  }

  private record OpenCall(CallInput input, AssessmentNotice pendingNotice) {}
}
