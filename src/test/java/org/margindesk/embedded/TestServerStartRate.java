package org.margindesk.embedded;

import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A benchmark, run by hand (not a test): how fast the embedded Temporal test server opens workflows
 * shaped like a margin call's opening (a start, one activity, then a 12-hour timer), in chunks,
 * with its time-skipping ledger kept (the test server as shipped) or discarded ({@link
 * TimeSkippingLedger}, what embedded mode runs). Prints each chunk's rate and the ledger's size.
 *
 * <pre>
 * ./mvnw -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp "target/test-classes:target/classes:$(cat target/cp.txt)" \
 *     org.margindesk.embedded.TestServerStartRate keep 5000
 * java -cp … org.margindesk.embedded.TestServerStartRate discard 5000
 * </pre>
 */
public final class TestServerStartRate {
  private static final String QUEUE = "start-rate";
  private static final int CHUNKS = 5;
  private static final Set<String> OPENED = ConcurrentHashMap.newKeySet();

  private TestServerStartRate() {}

  @WorkflowInterface
  public interface Opening {
    @WorkflowMethod
    void open();
  }

  @ActivityInterface
  public interface OpeningStep {
    void record(String workflowId);
  }

  public static class OpeningImpl implements Opening {
    @Override
    public void open() {
      Workflow.newActivityStub(
              OpeningStep.class,
              ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(30)).build())
          .record(Workflow.getInfo().getWorkflowId());
      Workflow.sleep(Duration.ofHours(12));
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 2 || !Set.of("keep", "discard").contains(args[0])) {
      System.err.println("usage: TestServerStartRate keep|discard WORKFLOWS");
      System.exit(2);
    }
    boolean discard = args[0].equals("discard");
    int chunk = Integer.parseInt(args[1]) / CHUNKS;
    TestServicesStarter services = new TestServicesStarter(true, 0);
    if (discard && !TimeSkippingLedger.discard(services)) {
      throw new IllegalStateException("the ledger could not be replaced");
    }
    Server server = serve(services, Ports.pickFree());
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder()
                .setTarget("127.0.0.1:" + server.getPort())
                .build());
    WorkflowClient client = WorkflowClient.newInstance(stubs);
    WorkerFactory factory = WorkerFactory.newInstance(client);
    Worker worker = factory.newWorker(QUEUE);
    worker.registerWorkflowImplementationTypes(OpeningImpl.class);
    worker.registerActivitiesImplementations((OpeningStep) OPENED::add);
    factory.start();
    ExecutorService starters = Executors.newFixedThreadPool(8);
    for (int c = 0; c < CHUNKS; c++) {
      long began = System.nanoTime();
      for (int i = 0; i < chunk; i++) {
        String id = "opening-" + c + "-" + i;
        starters.execute(
            () ->
                WorkflowClient.start(
                    client.newWorkflowStub(
                            Opening.class,
                            WorkflowOptions.newBuilder()
                                .setTaskQueue(QUEUE)
                                .setWorkflowId(id)
                                .build())
                        ::open));
      }
      while (OPENED.size() < (c + 1) * chunk) {
        TimeUnit.MILLISECONDS.sleep(20);
      }
      double seconds = (System.nanoTime() - began) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "ledger %s, workflows %d-%d: opened in %.2f s = %.0f/s; ledger entries %s%n",
          args[0],
          c * chunk + 1,
          (c + 1) * chunk,
          seconds,
          chunk / seconds,
          TimeSkippingLedger.size(services));
    }
    System.exit(0);
  }

  private static Server serve(TestServicesStarter services, int port) throws IOException {
    NettyServerBuilder builder =
        NettyServerBuilder.forAddress(
            new InetSocketAddress("127.0.0.1", port), InsecureServerCredentials.create());
    GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
    return builder.build().start();
  }
}
