package org.margindesk.embedded;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * The embedded PostgreSQL of an instance that died without stopping it (kill -9, OOM killer).
 * {@code pg_ctl} daemonises the server, so it outlives the JVM, holding the data directory and the
 * port, and every restart would fail until someone found and stopped it by hand.
 *
 * <p>Only a server that is provably ours and provably abandoned is stopped: its pid is the first
 * line of our data directory's {@code postmaster.pid}, the process is a {@code postgres} whose data
 * directory (line 2) is ours, the owner record written when it started names that same pid, and the
 * JVM it names is gone. A server whose owner is alive belongs to another instance and is left
 * alone, with a message saying so.
 */
final class OrphanedPostgres {
  private static final Logger LOG = Logger.getLogger(OrphanedPostgres.class);

  static final String OWNER_FILE = "margin-desk.owner";
  private static final String PID_FILE = "postmaster.pid";
  private static final Duration STOP_WAIT = Duration.ofSeconds(60);

  private OrphanedPostgres() {}

  /** After a start: this JVM owns the server now running on {@code dataDir}. */
  static void recordOwner(Path dataDir) {
    ProcessHandle jvm = ProcessHandle.current();
    Properties owner = new Properties();
    owner.setProperty("jvm", Long.toString(jvm.pid()));
    // With the pid, the start time tells a reused pid from the JVM that wrote the record.
    owner.setProperty("jvmStarted", jvm.info().startInstant().map(Object::toString).orElse(""));
    owner.setProperty("postmaster", postmasterPid(dataDir).map(Object::toString).orElse(""));
    try {
      Path written = Files.createTempFile(dataDir, OWNER_FILE, ".tmp");
      try (Writer out = Files.newBufferedWriter(written)) {
        owner.store(out, "The Margin Desk JVM that started this PostgreSQL");
      }
      Files.move(written, dataDir.resolve(OWNER_FILE), StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** After a clean stop: nothing is left to reclaim. */
  static void forgetOwner(Path dataDir) {
    try {
      Files.deleteIfExists(dataDir.resolve(OWNER_FILE));
    } catch (IOException e) {
      LOG.warnf("Could not remove %s: %s", dataDir.resolve(OWNER_FILE), e.getMessage());
    }
  }

  /**
   * Stops the server left running on {@code dataDir} by an instance that is gone; does nothing when
   * no server runs there.
   *
   * @throws EmbeddedStartException when a live instance owns the server, when the server cannot be
   *     shown to be an abandoned one of ours, or when it does not stop
   */
  static void stopIfOrphaned(Path dataDir) {
    Optional<Long> pid = postmasterPid(dataDir);
    Optional<ProcessHandle> postmaster =
        pid.flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
    if (postmaster.isEmpty() || !isPostgres(postmaster.get()) || !servesOurs(dataDir)) {
      // No server, or a stale postmaster.pid whose pid now names another program: PostgreSQL
      // itself deals with a stale lock file when it starts.
      return;
    }
    Properties owner = owner(dataDir);
    String dir = dataDir.toAbsolutePath().toString();
    if (!pid.get().toString().equals(owner.getProperty("postmaster"))) {
      throw new EmbeddedStartException(
          "PostgreSQL (pid "
              + pid.get()
              + ") is already running on the data directory "
              + dir
              + ", and no Margin Desk instance is recorded as having started it, so it is left"
              + " alone. Stop it (kill "
              + pid.get()
              + ") and start again.");
    }
    long jvm = Long.parseLong(owner.getProperty("jvm", "-1"));
    if (isAlive(jvm, owner.getProperty("jvmStarted", ""))) {
      throw new EmbeddedStartException(
          "The embedded PostgreSQL on "
              + dir
              + " (pid "
              + pid.get()
              + ") belongs to the running Margin Desk process "
              + jvm
              + ". Another Margin Desk instance may be running; stop it, or set"
              + " margin-desk.embedded.data-dir to another directory.");
    }
    LOG.warnf(
        "Stopping the embedded PostgreSQL (pid %d) left running on %s by Margin Desk process %d,"
            + " which has gone",
        pid.get(), dir, jvm);
    stop(postmaster.get(), dataDir);
  }

  /**
   * SIGTERM, PostgreSQL's smart shutdown: it waits for open sessions, and the dead JVM's sessions
   * end as soon as their backends see the closed sockets. Not {@code pg_ctl stop -m fast}: pg_ctl
   * refuses to run as root, which the embedded server otherwise allows.
   */
  private static void stop(ProcessHandle postmaster, Path dataDir) {
    postmaster.destroy();
    try {
      postmaster.onExit().get(STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new EmbeddedStartException(
          "The embedded PostgreSQL (pid "
              + postmaster.pid()
              + ") left running on "
              + dataDir
              + " by an instance that has gone did not stop within "
              + STOP_WAIT.toSeconds()
              + " s; stop it (kill "
              + postmaster.pid()
              + ") and start again.",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EmbeddedStartException("Interrupted while stopping an orphaned PostgreSQL", e);
    }
  }

  static Optional<Long> postmasterPid(Path dataDir) {
    return line(dataDir.resolve(PID_FILE), 0).flatMap(OrphanedPostgres::parsePid);
  }

  private static boolean servesOurs(Path dataDir) {
    Optional<String> served = line(dataDir.resolve(PID_FILE), 1);
    try {
      return served.isPresent() && Path.of(served.get()).toRealPath().equals(dataDir.toRealPath());
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean isPostgres(ProcessHandle process) {
    return process
        .info()
        .command()
        .map(command -> Path.of(command).getFileName().toString().equals("postgres"))
        .orElse(false);
  }

  private static boolean isAlive(long pid, String started) {
    Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    if (process.isEmpty()) {
      return false;
    }
    Optional<String> actual = process.get().info().startInstant().map(Object::toString);
    return started.isEmpty() || actual.isEmpty() || actual.get().equals(started);
  }

  private static Properties owner(Path dataDir) {
    Properties owner = new Properties();
    Path file = dataDir.resolve(OWNER_FILE);
    if (Files.isReadable(file)) {
      try (Reader in = Files.newBufferedReader(file)) {
        owner.load(in);
      } catch (IOException e) {
        LOG.warnf("Could not read %s: %s", file, e.getMessage());
      }
    }
    return owner;
  }

  private static Optional<String> line(Path file, int index) {
    if (!Files.isReadable(file)) {
      return Optional.empty();
    }
    try {
      List<String> lines = Files.readAllLines(file);
      return lines.size() > index ? Optional.of(lines.get(index).trim()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Optional<Long> parsePid(String text) {
    try {
      return Optional.of(Long.parseLong(text));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
