package org.margindesk.service;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.jboss.logging.Logger;
import org.margindesk.config.MarginDeskConfig;
import org.margindesk.notification.NotificationDispatcher;
import org.margindesk.pacing.IngestionPressure;
import org.margindesk.pacing.StartBacklog;

/**
 * Runs the notification dispatcher on the workers. Delivering notices is bookkeeping, like a
 * workflow start: in a market shock each run waits, before each batch of notices, for the batches
 * still restricting accounts, at most {@code margin-desk.workflow-starts.yield-to-ingestion} from
 * the run's start. Without it the deliveries of the first calls' notices took the CPU and the
 * database from the restrictions behind them (10,000 breaches restricted in 11.7 s against 7.7 s
 * with no dispatcher at all, docs/performance-runs.md, run F). It then waits for the workflow
 * starts still queued ({@link StartBacklog}), at most {@code
 * margin-desk.notifications.dispatcher.yield-to-starts} from the run's start, while more are queued
 * than the dispatch runs at once: the calls' workflows first, then what they notify.
 */
@ApplicationScoped
public class NotificationRuns {
  private static final Logger LOG = Logger.getLogger(NotificationRuns.class);

  private final NotificationDispatcher dispatcher;
  private final IngestionPressure pressure;
  private final StartBacklog backlog;
  private final Duration yieldToStarts;
  private final int startsAtOnce;
  private final boolean runsWorkers;

  @Inject
  NotificationRuns(
      NotificationDispatcher dispatcher,
      IngestionPressure pressure,
      StartBacklog backlog,
      MarginDeskConfig config) {
    this(
        dispatcher,
        pressure,
        backlog,
        config.notifications().dispatcher().yieldToStarts(),
        Math.max(1, config.workflowStarts().parallelism()),
        config.runsWorkers());
  }

  NotificationRuns(
      NotificationDispatcher dispatcher,
      IngestionPressure pressure,
      StartBacklog backlog,
      Duration yieldToStarts,
      int startsAtOnce,
      boolean runsWorkers) {
    this.dispatcher = dispatcher;
    this.pressure = pressure;
    this.backlog = backlog;
    this.yieldToStarts = yieldToStarts;
    this.startsAtOnce = startsAtOnce;
    this.runsWorkers = runsWorkers;
  }

  @Scheduled(
      every = "${margin-desk.notifications.dispatcher.interval:PT2S}",
      delayed = "${margin-desk.notifications.dispatcher.interval:PT2S}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void periodically() {
    if (!runsWorkers) {
      return;
    }
    try {
      dispatcher.dispatchDue(pacing());
    } catch (RuntimeException e) {
      LOG.errorf(e, "Dispatching notifications failed; the next run retries");
    }
  }

  /**
   * What a run does before each of its transactions: wait for the batches restricting breaches,
   * then while this instance has more workflow starts queued than its dispatch threads run at once
   * (a shock's backlog, not a steady feed's few). One deadline of each kind for the whole run:
   * under a steady feed a run is held back once, not per batch.
   */
  Runnable pacing() {
    IngestionPressure.Deadline deadline = pressure.deadlineFromNow();
    long startsBy = System.nanoTime() + yieldToStarts.toNanos();
    return () -> {
      pressure.yieldItem(deadline);
      long left = startsBy - System.nanoTime();
      if (left > 0) {
        backlog.awaitNoMoreThan(startsAtOnce, Duration.ofNanos(left));
      }
    };
  }
}
