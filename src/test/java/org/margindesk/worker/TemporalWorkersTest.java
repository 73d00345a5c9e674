package org.margindesk.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.WorkerFactory;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.margindesk.config.MarginDeskConfig;
import org.margindesk.config.TestConfigs;
import org.margindesk.pacing.IngestionPressure;
import org.margindesk.workflow.TaskQueues;

class TemporalWorkersTest {
  private TestWorkflowEnvironment temporal;

  @BeforeEach
  void startTemporal() {
    temporal = TestWorkflowEnvironment.newInstance();
  }

  @AfterEach
  void stopTemporal() {
    temporal.close();
  }

  @Test
  void givenTheApiRole_whenTheApplicationStarts_thenNoWorkerPollsATaskQueue() {
    WorkerFactory factory = WorkerFactory.newInstance(temporal.getWorkflowClient());
    TemporalWorkers workers = workers(factory, config("api"));

    workers.start(null);

    assertThat(factory.isStarted()).isFalse();
    assertThat(factory.tryGetWorker(TaskQueues.MARGIN_CALLS)).isNull();
    workers.stop(null);
    assertThat(factory.isShutdown()).isFalse();
  }

  @Test
  void
      givenTheWorkerRole_whenTheApplicationStartsAndStops_thenTheMarginCallQueueIsPolledThenDrained() {
    WorkerFactory factory = WorkerFactory.newInstance(temporal.getWorkflowClient());
    TemporalWorkers workers = workers(factory, config("worker"));

    workers.start(null);

    assertThat(factory.isStarted()).isTrue();
    assertThat(factory.tryGetWorker(TaskQueues.MARGIN_CALLS)).isNotNull();
    workers.stop(null);
    assertThat(factory.isShutdown()).isTrue();
  }

  /** The role decides whether anything is registered; the activities are never invoked here. */
  private static TemporalWorkers workers(WorkerFactory factory, MarginDeskConfig config) {
    return new TemporalWorkers(
        factory,
        config,
        neverCalled(org.margindesk.activity.CallRecordActivities.class),
        neverCalled(org.margindesk.activity.ExchangeActivities.class),
        neverCalled(org.margindesk.activity.NotificationActivities.class),
        neverCalled(org.margindesk.activity.TaskActivities.class),
        neverCalled(org.margindesk.activity.SupervisorActivities.class),
        new IngestionPressure(Duration.ZERO, Duration.ZERO),
        new WorkflowTaskRoom(200));
  }

  private static <T> T neverCalled(Class<T> activities) {
    return activities.cast(
        java.lang.reflect.Proxy.newProxyInstance(
            activities.getClassLoader(),
            new Class<?>[] {activities},
            (proxy, method, args) -> {
              throw new AssertionError(method.getName() + " must not run in a role test");
            }));
  }

  private static MarginDeskConfig config(String role) {
    return TestConfigs.withRole(role);
  }
}
