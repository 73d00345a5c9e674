package org.margindesk.persistence;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Records each start, so operators can see which instances have used a database and the restart
 * smoke test can prove the embedded data directory survives a restart.
 */
@ApplicationScoped
public class ServiceInstanceRecorder {
  private final Clock clock;
  private final String version;

  ServiceInstanceRecorder(
      Clock clock, @ConfigProperty(name = "quarkus.application.version") String version) {
    this.clock = clock;
    this.version = version;
  }

  @Transactional
  void record(@Observes StartupEvent event) {
    ServiceInstanceEntity instance = new ServiceInstanceEntity();
    instance.startedAt = clock.instant();
    instance.host = hostName();
    instance.version = version;
    instance.persist();
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown";
    }
  }
}
