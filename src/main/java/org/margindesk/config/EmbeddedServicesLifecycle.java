package org.margindesk.config;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.margindesk.embedded.EmbeddedServices;

/**
 * Stops the embedded services after everything else has shut down. In dev mode a live reload also
 * fires ShutdownEvent, and in tests one JVM boots several applications, so there the services live
 * until the JVM exits.
 */
@ApplicationScoped
public class EmbeddedServicesLifecycle {

  void started(@Observes @Priority(1) StartupEvent event) {
    if (EmbeddedServices.isRunning()) {
      EmbeddedServices.applicationStarted();
    }
  }

  // Highest priority value: observed after the Temporal workers have drained.
  void stopped(@Observes @Priority(Integer.MAX_VALUE - 1) ShutdownEvent event) {
    EmbeddedServices.applicationStopped();
    if (LaunchMode.current() == LaunchMode.NORMAL) {
      EmbeddedServices.stop();
    }
  }
}
