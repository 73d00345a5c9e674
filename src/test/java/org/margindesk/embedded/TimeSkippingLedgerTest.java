package org.margindesk.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.internal.testservice.TestServicesStarter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.lang.reflect.Field;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TimeSkippingLedgerTest {

  @WorkflowInterface
  public interface ShortTimers {
    @WorkflowMethod
    int run(int timers);
  }

  public static class ShortTimersImpl implements ShortTimers {
    @Override
    public int run(int timers) {
      for (int i = 0; i < timers; i++) {
        Workflow.sleep(Duration.ofMillis(1));
      }
      return timers;
    }
  }

  @Test
  void givenTheEmbeddedServer_whenStarted_thenItsTimeSkippingLedgerKeepsNothing() throws Exception {
    try (EmbeddedTemporalServer server = EmbeddedTemporalServer.start(Ports.pickFree())) {
      assertThat(TimeSkippingLedger.isDiscarded(services(server)))
          .as("an SDK upgrade renamed the test server's fields: see TimeSkippingLedger")
          .isTrue();
    }
  }

  @Test
  void givenADiscardedLedger_whenWorkflowsRunTimers_thenEveryTimerFiresAndTheyComplete() {
    try (EmbeddedTemporalServer server = EmbeddedTemporalServer.start(Ports.pickFree())) {
      WorkflowServiceStubs stubs =
          WorkflowServiceStubs.newServiceStubs(
              WorkflowServiceStubsOptions.newBuilder().setTarget(server.target()).build());
      WorkflowClient client = WorkflowClient.newInstance(stubs);
      WorkerFactory factory = WorkerFactory.newInstance(client);
      try {
        Worker worker = factory.newWorker("ledger");
        worker.registerWorkflowImplementationTypes(ShortTimersImpl.class);
        factory.start();
        for (int run = 0; run < 5; run++) {
          ShortTimers workflow =
              client.newWorkflowStub(
                  ShortTimers.class,
                  WorkflowOptions.newBuilder()
                      .setTaskQueue("ledger")
                      .setWorkflowId("ledger-" + run)
                      .setWorkflowExecutionTimeout(Duration.ofSeconds(30))
                      .build());
          // Each fired timer gives back the time-skipping lock it took through its handle: the
          // removal from the ledger must keep succeeding when the ledger keeps nothing.
          assertThat(workflow.run(3)).isEqualTo(3);
        }
      } finally {
        factory.shutdownNow();
        stubs.shutdownNow();
      }
    }
  }

  private static TestServicesStarter services(EmbeddedTemporalServer server)
      throws ReflectiveOperationException {
    Field services = EmbeddedTemporalServer.class.getDeclaredField("services");
    services.setAccessible(true);
    return (TestServicesStarter) services.get(server);
  }
}
