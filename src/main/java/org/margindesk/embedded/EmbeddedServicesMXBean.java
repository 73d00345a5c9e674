package org.margindesk.embedded;

/** JVM-wide handle on the running embedded services; also visible to JMX consoles. */
public interface EmbeddedServicesMXBean {
  String getJdbcUrl();

  String getTemporalTarget();

  /** The Temporal server's in-process name: reachable only from this JVM. */
  String getTemporalInProcessName();

  void stop();

  /**
   * Stops the Temporal server and starts an empty one on the same port, as a restart of the process
   * would. Open margin calls then exist only in PostgreSQL until the reconciler restarts their
   * workflows.
   */
  void restartTemporal();
}
