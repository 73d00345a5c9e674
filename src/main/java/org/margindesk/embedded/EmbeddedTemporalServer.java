package org.margindesk.embedded;

import io.temporal.testserver.TestServer;

/**
 * Temporal's Java test server listening on a TCP port, in real time. The application connects to it
 * exactly as it would to a cluster. It keeps state in memory only, which is why open margin calls
 * are recovered from PostgreSQL at startup.
 */
public final class EmbeddedTemporalServer implements AutoCloseable {
  private final TestServer.PortBoundTestServer server;
  private final int port;

  private EmbeddedTemporalServer(TestServer.PortBoundTestServer server, int port) {
    this.server = server;
    this.port = port;
  }

  public static EmbeddedTemporalServer start(int port) {
    try {
      // lockTimeSkipping=true: the server runs on the wall clock, as a real cluster does.
      return new EmbeddedTemporalServer(TestServer.createPortBoundServer(port, true), port);
    } catch (RuntimeException e) {
      throw new EmbeddedStartException(
          "Embedded Temporal server failed to start on port " + port + ": " + e.getMessage(), e);
    }
  }

  public int port() {
    return port;
  }

  public String target() {
    return "127.0.0.1:" + port;
  }

  @Override
  public void close() {
    server.close();
  }
}
