package org.margindesk.bench;

import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import org.jboss.logmanager.LogContext;
import org.margindesk.embedded.EmbeddedTemporalServer;
import org.slf4j.LoggerFactory;

/**
 * The embedded Temporal test server in a JVM of its own, on 127.0.0.1, for measurements that must
 * tell the service's heap from the test server's: the test server keeps every workflow history in
 * memory for as long as it runs (it has no retention), which a real cluster keeps in its database.
 * The service is pointed at it with {@code MARGIN_DESK_TEMPORAL_TARGET}. Runs until killed.
 *
 * <p>Logging is set to INFO first: outside Quarkus nothing configures the JBoss log manager that
 * the classpath's SLF4J binding uses, and with trace enabled the test server's timer thread formats
 * a line for every pending timer each time it wakes, under the lock every workflow task needs (a
 * first soak found it using half a core and throttling the server).
 *
 * <pre>java -cp … org.margindesk.bench.StandaloneTemporal PORT</pre>
 */
public final class StandaloneTemporal {
  private StandaloneTemporal() {}

  public static void main(String[] args) throws InterruptedException {
    if (args.length != 1) {
      System.err.println("usage: StandaloneTemporal PORT");
      System.exit(2);
    }
    LogContext.getLogContext().getLogger("").setLevel(Level.INFO);
    if (LoggerFactory.getLogger("io.temporal.internal.testservice").isTraceEnabled()) {
      throw new IllegalStateException("trace logging is still on; the test server would crawl");
    }
    EmbeddedTemporalServer server = EmbeddedTemporalServer.start(Integer.parseInt(args[0]));
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "temporal-stop"));
    System.out.println("Temporal test server on " + server.target());
    new CountDownLatch(1).await();
  }
}
