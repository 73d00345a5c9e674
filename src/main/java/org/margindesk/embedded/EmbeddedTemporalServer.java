package org.margindesk.embedded;

import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Temporal's Java test server listening on a TCP port of 127.0.0.1, in real time. It keeps state in
 * memory only, which is why open margin calls are recovered from PostgreSQL at startup.
 *
 * <p>The same services are also served in-process, under {@link #inProcessName()}: the service's
 * own client and worker reach them without the loopback hop (gRPC's Netty transport and protobuf
 * encoding both ways, 12% and 8% of the service's CPU while a shock's workflows opened), and the
 * port stays for other clients. Everything else is as with a cluster: the same gRPC API, deadlines
 * and errors.
 *
 * <p>The server has no authentication, so it must not be reachable from other machines. {@code
 * TestServer.createPortBoundServer} binds every interface and takes no address, so the gRPC server
 * is built here around the same services ({@code TestServicesStarter}, {@code GRPCServerHelper}:
 * internal classes of temporal-test-server 1.38, to be checked on an SDK upgrade; {@code
 * EmbeddedTemporalServerTest} fails if they ever bind more than loopback).
 */
public final class EmbeddedTemporalServer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(EmbeddedTemporalServer.class);

  /** The address {@link #target()} names, whatever the JVM prefers for "localhost". */
  private static final String LOOPBACK = "127.0.0.1";

  private static final long SHUTDOWN_SECONDS = 5;

  private final TestServicesStarter services;
  private final Server server;
  private final Server inProcess;
  private final int port;

  private EmbeddedTemporalServer(
      TestServicesStarter services, Server server, Server inProcess, int port) {
    this.services = services;
    this.server = server;
    this.inProcess = inProcess;
    this.port = port;
  }

  public static EmbeddedTemporalServer start(int port) {
    // lockTimeSkipping=true: the server runs on the wall clock, as a real cluster does.
    TestServicesStarter services = new TestServicesStarter(true, 0);
    if (!TimeSkippingLedger.discard(services)) {
      LOG.warn(
          "The Temporal test server's time-skipping ledger could not be replaced: it grows with"
              + " every task the server runs, and workflow throughput falls with it");
    }
    Server server = null;
    try {
      NettyServerBuilder builder =
          NettyServerBuilder.forAddress(
              new InetSocketAddress(LOOPBACK, port), InsecureServerCredentials.create());
      GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
      server = builder.build().start();
      InProcessServerBuilder inProcessBuilder = InProcessServerBuilder.forName(inProcessName(port));
      GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), inProcessBuilder);
      return new EmbeddedTemporalServer(services, server, inProcessBuilder.build().start(), port);
    } catch (IOException | RuntimeException e) {
      if (server != null) {
        server.shutdownNow();
      }
      services.close();
      throw new EmbeddedStartException(
          "Embedded Temporal server failed to start on "
              + LOOPBACK
              + ":"
              + port
              + ": "
              + e.getMessage(),
          e);
    }
  }

  public int port() {
    return port;
  }

  public String target() {
    return LOOPBACK + ":" + port;
  }

  /** The name the services are served under in this JVM (one server per port, so per port). */
  public String inProcessName() {
    return inProcessName(port);
  }

  private static String inProcessName(int port) {
    return "margin-desk-temporal-" + port;
  }

  /**
   * In the order of the test server's own close: no new calls, then the services, then the rest.
   */
  @Override
  public void close() {
    inProcess.shutdown();
    server.shutdown();
    try {
      inProcess.awaitTermination(SHUTDOWN_SECONDS, TimeUnit.SECONDS);
      server.awaitTermination(SHUTDOWN_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    services.close();
    inProcess.shutdownNow();
    server.shutdownNow();
  }
}
