package org.margindesk.worker;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import io.temporal.worker.tuning.CompositeTuner;
import io.temporal.worker.tuning.FixedSizeSlotSupplier;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.margindesk.activity.CallRecordActivities;
import org.margindesk.activity.ExchangeActivities;
import org.margindesk.activity.NotificationActivities;
import org.margindesk.activity.SupervisorActivities;
import org.margindesk.activity.TaskActivities;
import org.margindesk.config.MarginDeskConfig;
import org.margindesk.pacing.IngestionPressure;
import org.margindesk.workflow.MarginCallWorkflowImpl;
import org.margindesk.workflow.TaskQueues;

/**
 * The one place where workflows and activities are registered with their task queues. Workers start
 * after the application is up and drain their in-flight tasks on shutdown. An instance whose role
 * is {@code api} registers nothing and polls nothing.
 */
@ApplicationScoped
public class TemporalWorkers {
  private static final Logger LOG = Logger.getLogger(TemporalWorkers.class);

  /** Nexus task slots: the SDK's own default (this worker serves no Nexus operation). */
  private static final int NEXUS_SLOTS = 200;

  private final WorkerFactory factory;
  private final IngestionPressure pressure;
  private final MarginDeskConfig config;
  private final CallRecordActivities callRecords;
  private final ExchangeActivities exchange;
  private final NotificationActivities notifications;
  private final TaskActivities tasks;
  private final SupervisorActivities supervisor;
  private final WorkflowTaskRoom room;

  TemporalWorkers(
      WorkerFactory factory,
      MarginDeskConfig config,
      CallRecordActivities callRecords,
      ExchangeActivities exchange,
      NotificationActivities notifications,
      TaskActivities tasks,
      SupervisorActivities supervisor,
      IngestionPressure pressure,
      WorkflowTaskRoom room) {
    this.room = room;
    this.factory = factory;
    this.pressure = pressure;
    this.config = config;
    this.callRecords = callRecords;
    this.exchange = exchange;
    this.notifications = notifications;
    this.tasks = tasks;
    this.supervisor = supervisor;
  }

  void start(@Observes @Priority(100) StartupEvent event) {
    if (!config.runsWorkers()) {
      // An API-only instance still starts workflows and sends updates through the WorkflowClient;
      // it just never takes work off a task queue, so API load and workflow load scale apart.
      LOG.info("margin-desk.role=api: not polling Temporal task queues");
      return;
    }
    Worker marginCalls = factory.newWorker(TaskQueues.MARGIN_CALLS, options());
    register(marginCalls);
    factory.start();
    LOG.infof(
        "Temporal workers polling %s on %s (namespace %s)",
        TaskQueues.MARGIN_CALLS, config.temporal().target(), config.temporal().namespace());
  }

  /**
   * The configured slot counts (margin-desk.temporal.*-slots), but new workflow and activity tasks
   * wait while ingestion is restricting breaches (restrict first; {@link YieldingSlotSupplier}).
   * Local activities are not held back: they run inside a workflow task already taken.
   */
  private WorkerOptions options() {
    MarginDeskConfig.Temporal temporal = config.temporal();
    return WorkerOptions.newBuilder()
        .setWorkerTuner(
            new CompositeTuner(
                new YieldingSlotSupplier<>(temporal.workflowTaskSlots(), pressure, room),
                new YieldingSlotSupplier<>(temporal.activityTaskSlots(), pressure),
                new FixedSizeSlotSupplier<>(temporal.localActivitySlots()),
                new FixedSizeSlotSupplier<>(NEXUS_SLOTS)))
        .build();
  }

  private void register(Worker marginCalls) {
    marginCalls.registerWorkflowImplementationTypes(MarginCallWorkflowImpl.class);
    marginCalls.registerActivitiesImplementations(
        callRecords, exchange, notifications, tasks, supervisor);
  }

  void stop(@Observes @Priority(100) ShutdownEvent event) {
    if (!factory.isStarted() || factory.isShutdown()) {
      return;
    }
    factory.shutdown();
    long graceMillis = config.temporal().shutdownGracePeriod().toMillis();
    factory.awaitTermination(graceMillis, TimeUnit.MILLISECONDS);
    if (!factory.isTerminated()) {
      factory.shutdownNow();
    }
    LOG.info("Temporal workers stopped");
  }
}
