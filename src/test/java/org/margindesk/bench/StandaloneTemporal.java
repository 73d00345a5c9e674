package org.margindesk.bench;

import java.util.concurrent.CountDownLatch;
import org.margindesk.embedded.EmbeddedTemporalServer;

/**
 * The embedded Temporal test server in a JVM of its own, on 127.0.0.1, for measurements that must
 * tell the service's heap from the test server's: the test server keeps every workflow history in
 * memory for as long as it runs (it has no retention), which a real cluster keeps in its database.
 * The service is pointed at it with {@code MARGIN_DESK_TEMPORAL_TARGET}. Runs until killed.
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
    EmbeddedTemporalServer server = EmbeddedTemporalServer.start(Integer.parseInt(args[0]));
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "temporal-stop"));
    System.out.println("Temporal test server on " + server.target());
    new CountDownLatch(1).await();
  }
}
