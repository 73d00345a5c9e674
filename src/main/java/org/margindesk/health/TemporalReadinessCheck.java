package org.margindesk.health;

import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.api.workflowservice.v1.DescribeNamespaceResponse;
import io.temporal.serviceclient.WorkflowServiceStubs;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.margindesk.config.MarginDeskConfig;

/** Asks the Temporal frontend about our namespace: proves both the connection and the namespace. */
@Readiness
@ApplicationScoped
public class TemporalReadinessCheck implements HealthCheck {
  private final WorkflowServiceStubs stubs;
  private final MarginDeskConfig config;

  TemporalReadinessCheck(WorkflowServiceStubs stubs, MarginDeskConfig config) {
    this.stubs = stubs;
    this.config = config;
  }

  @Override
  public HealthCheckResponse call() {
    var response =
        HealthCheckResponse.named("temporal")
            .withData("target", config.temporal().target())
            .withData("namespace", config.temporal().namespace());
    try {
      DescribeNamespaceResponse described =
          stubs
              .blockingStub()
              .withDeadlineAfter(3, TimeUnit.SECONDS)
              .describeNamespace(
                  DescribeNamespaceRequest.newBuilder()
                      .setNamespace(config.temporal().namespace())
                      .build());
      return response
          .up()
          .withData("namespaceState", described.getNamespaceInfo().getState().name())
          .build();
    } catch (RuntimeException e) {
      return response.down().withData("error", e.getMessage()).build();
    }
  }
}
