package org.margindesk.config;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/** Connects to the Temporal cluster named in configuration (the embedded server in dev/test). */
@ApplicationScoped
public class TemporalClientProducer {
  private static final Logger LOG = Logger.getLogger(TemporalClientProducer.class);

  /** The embedded server's in-process channel when the stubs use it; the SDK leaves it open. */
  private volatile ManagedChannel inProcess;

  @Produces
  @Singleton
  WorkflowServiceStubs workflowServiceStubs(MarginDeskConfig config, MeterRegistry registry) {
    // The SDK reports through Tally; this bridges its client and worker metrics (temporal_*) into
    // the same Micrometer registry that /q/metrics serves.
    Scope metrics =
        new RootScopeBuilder()
            .reporter(new MicrometerClientStatsReporter(registry))
            .reportEvery(
                com.uber.m3.util.Duration.ofMillis(
                    config.temporal().metricsReportInterval().toMillis()));
    WorkflowServiceStubsOptions.Builder options =
        WorkflowServiceStubsOptions.newBuilder().setMetricsScope(metrics);
    inProcess = config.temporal().inProcessName().map(TemporalClientProducer::reach).orElse(null);
    if (inProcess != null) {
      options.setChannel(inProcess);
    } else {
      // Lazy connection: the service starts even while Temporal is briefly unreachable, and the
      // readiness check reports it.
      options.setTarget(config.temporal().target());
    }
    return WorkflowServiceStubs.newServiceStubs(options.build());
  }

  /**
   * The embedded server's in-process channel, or null when this class loader does not see it:
   * Quarkus may load the gRPC classes more than once in a JVM (test profiles, dev-mode restarts),
   * and an in-process server is known only to the copy that started it. The port serves then.
   */
  private static ManagedChannel reach(String name) {
    ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
    try {
      HealthGrpc.newBlockingStub(channel)
          .withDeadlineAfter(5, TimeUnit.SECONDS)
          .check(HealthCheckRequest.getDefaultInstance());
      LOG.infof("Temporal: the embedded server, in-process (%s)", name);
      return channel;
    } catch (StatusRuntimeException e) {
      LOG.infof(
          "Temporal: the embedded server is not reachable in-process (%s); using its port",
          e.getStatus());
      channel.shutdownNow();
      return null;
    }
  }

  void closeStubs(@Disposes WorkflowServiceStubs stubs) {
    stubs.shutdown();
    stubs.awaitTermination(5, TimeUnit.SECONDS);
    ManagedChannel channel = inProcess;
    if (channel != null) {
      channel.shutdown();
      try {
        channel.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      channel.shutdownNow();
    }
  }

  @Produces
  @Singleton
  WorkflowClient workflowClient(WorkflowServiceStubs stubs, MarginDeskConfig config) {
    return WorkflowClient.newInstance(
        stubs,
        WorkflowClientOptions.newBuilder().setNamespace(config.temporal().namespace()).build());
  }

  @Produces
  @Singleton
  WorkerFactory workerFactory(WorkflowClient client, MarginDeskConfig config) {
    return WorkerFactory.newInstance(
        client,
        WorkerFactoryOptions.newBuilder()
            .setWorkflowCacheSize(config.temporal().workflowCacheSize())
            .setMaxWorkflowThreadCount(config.temporal().maxWorkflowThreads())
            .build());
  }
}
