package org.margindesk.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import org.jboss.logging.Logger;

/**
 * Starts the embedded PostgreSQL and Temporal server at most once per JVM and stops them last.
 *
 * <p>Quarkus loads application classes in more than one class loader within one JVM (build step,
 * dev-mode reloads, one per test profile), so a static field would not be shared. The running
 * instance is registered with the platform MBean server instead, which is JVM-wide, and every
 * caller synchronises on that one object.
 */
public final class EmbeddedServices {
  private static final Logger LOG = Logger.getLogger(EmbeddedServices.class);

  private static final ObjectName NAME = objectName("org.margindesk:type=EmbeddedServices");
  private static final String APP_RUNNING = "org.margindesk.embedded.application-running";

  public record Settings(Path dataDir, int postgresPort, int temporalPort, boolean resetOnStart) {}

  public record Endpoints(String jdbcUrl, String temporalTarget, String temporalInProcessName) {}

  private EmbeddedServices() {}

  public static Endpoints ensureStarted(Settings settings) {
    MBeanServer jvm = ManagementFactory.getPlatformMBeanServer();
    synchronized (jvm) {
      if (jvm.isRegistered(NAME)) {
        return new Endpoints(
            (String) attribute(jvm, "JdbcUrl"),
            (String) attribute(jvm, "TemporalTarget"),
            (String) attribute(jvm, "TemporalInProcessName"));
      }
      Path postgresData = settings.dataDir().resolve("postgres");
      // Before the port check and the reset: a server left by a killed instance holds both.
      EmbeddedPostgresServer.stopOrphan(postgresData);
      int postgresPort = resolvePort(settings.postgresPort(), "PostgreSQL", "postgres-port");
      int temporalPort = resolvePort(settings.temporalPort(), "Temporal server", "temporal-port");
      if (settings.resetOnStart()) {
        deleteRecursively(settings.dataDir());
      }
      long started = System.nanoTime();
      EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(postgresData, postgresPort);
      EmbeddedTemporalServer temporal;
      try {
        temporal = EmbeddedTemporalServer.start(temporalPort);
      } catch (RuntimeException e) {
        closeQuietly(postgres);
        throw e;
      }
      Running running = new Running(postgres, temporal);
      try {
        jvm.registerMBean(running, NAME);
      } catch (JMException e) {
        running.stop();
        throw new EmbeddedStartException("Could not register the embedded services", e);
      }
      Runtime.getRuntime()
          .addShutdownHook(new Thread(EmbeddedServices::stopAfterApplication, "embedded-stop"));
      LOG.infof(
          "Embedded PostgreSQL on 127.0.0.1:%d (data in %s) and Temporal server on %s started in %d"
              + " ms",
          postgres.port(),
          settings.dataDir().toAbsolutePath(),
          temporal.target(),
          (System.nanoTime() - started) / 1_000_000);
      return new Endpoints(
          running.getJdbcUrl(), running.getTemporalTarget(), running.getTemporalInProcessName());
    }
  }

  /** Marks that an application is using the services, so a JVM shutdown waits for it to stop. */
  public static void applicationStarted() {
    System.setProperty(APP_RUNNING, "true");
  }

  public static void applicationStopped() {
    System.clearProperty(APP_RUNNING);
  }

  public static boolean isRunning() {
    return ManagementFactory.getPlatformMBeanServer().isRegistered(NAME);
  }

  /** Stops both services now. Later calls do nothing. */
  public static void stop() {
    MBeanServer jvm = ManagementFactory.getPlatformMBeanServer();
    synchronized (jvm) {
      if (!jvm.isRegistered(NAME)) {
        return;
      }
      try {
        jvm.invoke(NAME, "stop", new Object[0], new String[0]);
        jvm.unregisterMBean(NAME);
      } catch (JMException e) {
        LOG.warnf("Stopping the embedded services failed: %s", e.getMessage());
      }
    }
    LOG.info("Embedded Temporal server and PostgreSQL stopped");
  }

  /**
   * JVM shutdown hooks run concurrently with the application's own shutdown, so the database must
   * not disappear while workers are still finishing their tasks.
   */
  private static void stopAfterApplication() {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (System.getProperty(APP_RUNNING) != null && System.nanoTime() < deadline) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    stop();
  }

  /** See {@link EmbeddedServicesMXBean#restartTemporal()}. */
  public static void restartTemporal() {
    MBeanServer jvm = ManagementFactory.getPlatformMBeanServer();
    synchronized (jvm) {
      try {
        jvm.invoke(NAME, "restartTemporal", new Object[0], new String[0]);
      } catch (JMException e) {
        throw new EmbeddedStartException("Restarting the embedded Temporal server failed", e);
      }
    }
  }

  private static final class Running implements EmbeddedServicesMXBean {
    private final EmbeddedPostgresServer postgres;
    private volatile EmbeddedTemporalServer temporal;

    Running(EmbeddedPostgresServer postgres, EmbeddedTemporalServer temporal) {
      this.postgres = postgres;
      this.temporal = temporal;
    }

    @Override
    public String getJdbcUrl() {
      return postgres.jdbcUrl();
    }

    @Override
    public String getTemporalTarget() {
      return temporal.target();
    }

    @Override
    public String getTemporalInProcessName() {
      return temporal.inProcessName();
    }

    @Override
    public void stop() {
      closeQuietly(temporal);
      closeQuietly(postgres);
    }

    @Override
    public synchronized void restartTemporal() {
      int port = temporal.port();
      closeQuietly(temporal);
      temporal = EmbeddedTemporalServer.start(port);
      LOG.infof("Embedded Temporal server restarted on %s with no history", temporal.target());
    }
  }

  private static Object attribute(MBeanServer jvm, String name) {
    try {
      return jvm.getAttribute(NAME, name);
    } catch (JMException e) {
      throw new EmbeddedStartException("Could not read the running embedded services", e);
    }
  }

  private static ObjectName objectName(String name) {
    try {
      return new ObjectName(name);
    } catch (MalformedObjectNameException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int resolvePort(int configured, String what, String key) {
    if (configured == 0) {
      return Ports.pickFree();
    }
    Ports.requireFree(configured, what, "margin-desk.embedded." + key);
    return configured;
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(EmbeddedServices::deleteQuietly);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      LOG.warnf("Stopping %s failed: %s", closeable.getClass().getSimpleName(), e.getMessage());
    }
  }
}
