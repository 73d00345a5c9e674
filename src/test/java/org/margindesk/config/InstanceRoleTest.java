package org.margindesk.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.WorkerFactory;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.margindesk.workflow.TaskQueues;

class InstanceRoleTest {
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
  void givenEachRole_whenAsked_thenOnlyApiSkipsWorkersAndOnlyWorkerSkipsTheApi() {
    assertThat(InstanceRole.ALL.runsWorkers()).isTrue();
    assertThat(InstanceRole.ALL.servesApi()).isTrue();
    assertThat(InstanceRole.API.runsWorkers()).isFalse();
    assertThat(InstanceRole.API.servesApi()).isTrue();
    assertThat(InstanceRole.WORKER.runsWorkers()).isTrue();
    assertThat(InstanceRole.WORKER.servesApi()).isFalse();
  }

  @Test
  void givenNoRoleSetting_whenConfigIsRead_thenTheInstanceDoesEverything() {
    MarginDeskConfig config = config(null);
    assertThat(config.role()).isEqualTo(InstanceRole.ALL);
    assertThat(config.runsWorkers()).isTrue();
    assertThat(config.servesApi()).isTrue();
  }

  @Test
  void givenLowerCaseRoleNames_whenConfigIsRead_thenTheyMapToTheRoles() {
    assertThat(config("api").role()).isEqualTo(InstanceRole.API);
    assertThat(config("worker").role()).isEqualTo(InstanceRole.WORKER);
    assertThat(config("worker").servesApi()).isFalse();
    assertThat(config("api").runsWorkers()).isFalse();
  }

  @Test
  void givenAnUnknownRole_whenConfigIsRead_thenStartupFails() {
    assertThatThrownBy(() -> config("scheduler")).hasMessageContaining("margin-desk.role");
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
        neverCalled(org.margindesk.activity.SupervisorActivities.class));
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
    Map<String, String> values = new HashMap<>();
    values.put("margin-desk.temporal.target", "127.0.0.1:7233");
    values.put("margin-desk.temporal.namespace", "margin-desk");
    values.put("margin-desk.gateway.kind", "simulated");
    if (role != null) {
      values.put("margin-desk.role", role);
    }
    SmallRyeConfig config =
        new SmallRyeConfigBuilder()
            .withMapping(MarginDeskConfig.class)
            .withSources(new PropertiesConfigSource(values, "test", 100))
            .build();
    return config.getConfigMapping(MarginDeskConfig.class);
  }
}
