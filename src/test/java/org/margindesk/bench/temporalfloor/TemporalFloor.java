package org.margindesk.bench.temporalfloor;

import com.sun.management.OperatingSystemMXBean;
import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import io.temporal.worker.tuning.CompositeTuner;
import io.temporal.worker.tuning.FixedSizeSlotSupplier;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.jboss.logmanager.LogContext;
import org.margindesk.bench.ServiceClient;
import org.margindesk.embedded.EmbeddedTemporalServer;

/**
 * The Temporal floor: how fast the embedded test server and the SDK's worker, with nothing else in
 * their JVM, start workflows that do the least a margin call does as it opens: one local activity,
 * then a 12-hour timer. It has the service's settings: the in-process channel, eager starts from 8
 * threads (margin-desk.workflow-starts.parallelism), 100 workflow-task slots and 200 of each other
 * kind, a cache of 100 workflows on 200 threads (margin-desk.temporal.*). No database, no HTTP, no
 * audit: what the shock benchmark's "all workflows running" takes beyond this is the service's own.
 *
 * <p>The shock benchmark runs it in its own JVM with the service idle. By hand:
 *
 * <pre>java -cp … org.margindesk.bench.temporalfloor.TemporalFloor [SIZE ...]</pre>
 *
 * Each size is one round, in order, on the same server and worker; the first warms the JVM up.
 */
public final class TemporalFloor implements AutoCloseable {
  private static final int START_THREADS = 8;
  private static final int WORKFLOW_SLOTS = 100;
  private static final int SLOTS = 200;
  private static final int CACHE = 100;
  private static final int THREADS = 200;
  private static final String QUEUE = "temporal-floor";

  /** The round whose workflows the local activity counts; one round runs at a time. */
  private static volatile Round current;

  /** One round's figures, in seconds since its first start. */
  public record Result(
      int size,
      double allStarted,
      double allOpened,
      double openedP50,
      double openedP99,
      double cores,
      double cpuMillisPerWorkflow) {
    public double perSecond() {
      return size / allOpened;
    }
  }

  private final EmbeddedTemporalServer server;
  private final ManagedChannel channel;
  private final WorkflowServiceStubs stubs;
  private final WorkflowClient client;
  private final WorkerFactory factory;
  private int rounds;

  private static final class Round {
    final long startedNanos = System.nanoTime();
    final ConcurrentHashMap<String, Long> opened = new ConcurrentHashMap<>();
    final CountDownLatch all;

    Round(int size) {
      all = new CountDownLatch(size);
    }
  }

  /** The floor workflow's local activity: notes when each workflow ran it, once. */
  public static final class Recorder implements FloorActivities {
    @Override
    public void opened(String id) {
      Round round = current;
      if (round.opened.putIfAbsent(id, System.nanoTime() - round.startedNanos) == null) {
        round.all.countDown();
      }
    }
  }

  public TemporalFloor() {
    // Outside Quarkus nothing sets the log level, and the test server's trace lines would cost it
    // more than its work (see StandaloneTemporal).
    LogContext.getLogContext().getLogger("").setLevel(Level.WARNING);
    server = EmbeddedTemporalServer.start(0);
    channel = InProcessChannelBuilder.forName(server.inProcessName()).build();
    stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setChannel(channel).build());
    client = WorkflowClient.newInstance(stubs);
    factory =
        WorkerFactory.newInstance(
            client,
            WorkerFactoryOptions.newBuilder()
                .setWorkflowCacheSize(CACHE)
                .setMaxWorkflowThreadCount(THREADS)
                .build());
    Worker worker =
        factory.newWorker(
            QUEUE,
            WorkerOptions.newBuilder()
                .setWorkerTuner(
                    new CompositeTuner(
                        new FixedSizeSlotSupplier<>(WORKFLOW_SLOTS),
                        new FixedSizeSlotSupplier<>(SLOTS),
                        new FixedSizeSlotSupplier<>(SLOTS),
                        new FixedSizeSlotSupplier<>(SLOTS)))
                .build());
    worker.registerWorkflowImplementationTypes(FloorWorkflowImpl.class);
    worker.registerActivitiesImplementations(new Recorder());
    factory.start();
  }

  /** Starts {@code size} floor workflows at once and waits until each has run its activity. */
  public Result run(int size) throws Exception {
    int number = ++rounds;
    Round round = new Round(size);
    current = round;
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpuBefore = os.getProcessCpuTime();
    ServiceClient.parallel(START_THREADS, size, k -> start("floor-" + number + "-" + k));
    double allStarted = seconds(System.nanoTime() - round.startedNanos);
    if (!round.all.await(10, TimeUnit.MINUTES)) {
      throw new IllegalStateException(
          "Temporal floor: " + round.opened.size() + " of " + size + " workflows ran in 10 min");
    }
    double took = seconds(System.nanoTime() - round.startedNanos);
    double cpu = (os.getProcessCpuTime() - cpuBefore) / 1e9;
    long[] times = round.opened.values().stream().mapToLong(Long::longValue).sorted().toArray();
    return new Result(
        size,
        allStarted,
        seconds(times[times.length - 1]),
        seconds(times[times.length / 2]),
        seconds(times[(int) (times.length * 0.99)]),
        cpu / took,
        cpu * 1000 / size);
  }

  private void start(String id) {
    FloorWorkflow workflow =
        client.newWorkflowStub(
            FloorWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(id)
                .setTaskQueue(QUEUE)
                .setDisableEagerExecution(false)
                .build());
    WorkflowClient.start(workflow::run, id);
  }

  @Override
  public void close() {
    factory.shutdownNow();
    factory.awaitTermination(10, TimeUnit.SECONDS);
    stubs.shutdownNow();
    channel.shutdownNow();
    server.close();
  }

  public static void main(String[] args) throws Exception {
    int[] sizes =
        args.length == 0
            ? new int[] {2_000, 2_000, 10_000}
            : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
    System.out.println(
        "| round | workflows | all started (s) | all opened (s) | opened p50 / p99 (s) |"
            + " workflows/s | process CPU, cores | CPU per workflow (ms) |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    try (TemporalFloor floor = new TemporalFloor()) {
      for (int i = 0; i < sizes.length; i++) {
        Result r = floor.run(sizes[i]);
        System.out.printf(
            Locale.ROOT,
            "| %d | %,d | %.2f | %.2f | %.2f / %.2f | %,.0f | %.2f | %.1f |%n",
            i + 1,
            r.size(),
            r.allStarted(),
            r.allOpened(),
            r.openedP50(),
            r.openedP99(),
            r.perSecond(),
            r.cores(),
            r.cpuMillisPerWorkflow());
      }
    }
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }
}
