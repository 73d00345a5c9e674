package org.margindesk.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.net.InetAddress;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EmbeddedTemporalServerTest {

  @Test
  void givenTheEmbeddedTemporalServer_whenStarted_thenItListensOnLoopbackOnly() {
    assumeTrue(ListeningSockets.available(), "needs /proc/net/tcp to see what listens");
    int port = Ports.pickFree();
    try (EmbeddedTemporalServer server = EmbeddedTemporalServer.start(port)) {
      // The test server has no authentication: anyone who reaches it can start or kill workflows.
      assertThat(ListeningSockets.addresses(port))
          .isNotEmpty()
          .allSatisfy(address -> assertThat(address.isLoopbackAddress()).isTrue());
      assertThat(ListeningSockets.accepts(InetAddress.getLoopbackAddress(), port)).isTrue();
      for (InetAddress other : ListeningSockets.otherLocalAddresses()) {
        assertThat(ListeningSockets.accepts(other, port)).as("reached through %s", other).isFalse();
      }
    }
  }

  /**
   * The service's own client reaches the server in-process, with the same services as on the port:
   * a workflow started through one is seen through the other.
   */
  @Test
  void givenTheEmbeddedTemporalServer_whenReachedInProcess_thenTheSameServerAsOnItsPort() {
    int port = Ports.pickFree();
    try (EmbeddedTemporalServer server = EmbeddedTemporalServer.start(port)) {
      ManagedChannel channel = InProcessChannelBuilder.forName(server.inProcessName()).build();
      WorkflowServiceStubs inProcess =
          WorkflowServiceStubs.newServiceStubs(
              WorkflowServiceStubsOptions.newBuilder().setChannel(channel).build());
      WorkflowServiceStubs onPort =
          WorkflowServiceStubs.newServiceStubs(
              WorkflowServiceStubsOptions.newBuilder().setTarget(server.target()).build());
      try {
        String runId =
            inProcess
                .blockingStub()
                .startWorkflowExecution(
                    StartWorkflowExecutionRequest.newBuilder()
                        .setNamespace("default")
                        .setWorkflowId("in-process-check")
                        .setRequestId(UUID.randomUUID().toString())
                        .setWorkflowType(WorkflowType.newBuilder().setName("Check"))
                        .setTaskQueue(TaskQueue.newBuilder().setName("check"))
                        .build())
                .getRunId();
        DescribeWorkflowExecutionResponse described =
            onPort
                .blockingStub()
                .describeWorkflowExecution(
                    DescribeWorkflowExecutionRequest.newBuilder()
                        .setNamespace("default")
                        .setExecution(
                            WorkflowExecution.newBuilder()
                                .setWorkflowId("in-process-check")
                                .setRunId(runId))
                        .build());
        assertThat(described.getWorkflowExecutionInfo().getType().getName()).isEqualTo("Check");
      } finally {
        inProcess.shutdownNow();
        onPort.shutdownNow();
        channel.shutdownNow();
      }
    }
  }
}
