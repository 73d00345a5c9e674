package org.margindesk.embedded;

/** JVM-wide handle on the running embedded services; also visible to JMX consoles. */
public interface EmbeddedServicesMXBean {
  String getJdbcUrl();

  String getTemporalTarget();

  void stop();
}
