package org.margindesk.config;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.WorkerFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.concurrent.TimeUnit;

/** Connects to the Temporal cluster named in configuration (the embedded server in dev/test). */
@ApplicationScoped
public class TemporalClientProducer {

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
    // Lazy connection: the service starts even while Temporal is briefly unreachable, and the
    // readiness check reports it.
    return WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder()
            .setTarget(config.temporal().target())
            .setMetricsScope(metrics)
            .build());
  }

  void closeStubs(@Disposes WorkflowServiceStubs stubs) {
    stubs.shutdown();
    stubs.awaitTermination(5, TimeUnit.SECONDS);
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
  WorkerFactory workerFactory(WorkflowClient client) {
    return WorkerFactory.newInstance(client);
  }
}
