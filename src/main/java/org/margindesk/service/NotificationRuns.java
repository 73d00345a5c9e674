package org.margindesk.service;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.margindesk.config.MarginDeskConfig;
import org.margindesk.notification.NotificationDispatcher;
import org.margindesk.pacing.IngestionPressure;

/**
 * Runs the notification dispatcher on the workers. Delivering notices is bookkeeping, like a
 * workflow start: in a market shock each run waits, before each notice, for the batches still
 * restricting accounts, at most {@code margin-desk.workflow-starts.yield-to-ingestion} from the
 * run's start. Without it the deliveries of the first calls' notices took the CPU and the database
 * from the restrictions behind them (10,000 breaches restricted in 11.7 s against 7.7 s with no
 * dispatcher at all, docs/performance-runs.md, run F).
 */
@ApplicationScoped
public class NotificationRuns {
  private static final Logger LOG = Logger.getLogger(NotificationRuns.class);

  private final NotificationDispatcher dispatcher;
  private final IngestionPressure pressure;
  private final MarginDeskConfig config;

  NotificationRuns(
      NotificationDispatcher dispatcher, IngestionPressure pressure, MarginDeskConfig config) {
    this.dispatcher = dispatcher;
    this.pressure = pressure;
    this.config = config;
  }

  @Scheduled(
      every = "${margin-desk.notifications.dispatcher.interval:PT2S}",
      delayed = "${margin-desk.notifications.dispatcher.interval:PT2S}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void periodically() {
    if (!config.runsWorkers()) {
      return;
    }
    // One deadline for the whole run: under a steady feed a run is held back once, not per notice.
    IngestionPressure.Deadline deadline = pressure.deadlineFromNow();
    try {
      dispatcher.dispatchDue(() -> pressure.yieldItem(deadline));
    } catch (RuntimeException e) {
      LOG.errorf(e, "Dispatching notifications failed; the next run retries");
    }
  }
}
