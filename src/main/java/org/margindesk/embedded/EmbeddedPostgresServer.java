package org.margindesk.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * Real PostgreSQL binaries run as a child process. The data directory is kept between runs so that
 * a restart of the service keeps every record, and a restart after a crash first stops the server
 * the crashed instance left running ({@link OrphanedPostgres}).
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
  public static final String DATABASE = "margindesk";

  private final EmbeddedPostgres postgres;
  private final Path dataDir;

  private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDir) {
    this.postgres = postgres;
    this.dataDir = dataDir;
  }

  /**
   * Stops the server that an instance which has gone (kill -9) left running on {@code dataDir}, so
   * that its port and data directory are free again; does nothing when none runs there.
   *
   * @throws EmbeddedStartException when the server there belongs to a live instance
   */
  public static void stopOrphan(Path dataDir) {
    if (Files.isDirectory(dataDir)) {
      OrphanedPostgres.stopIfOrphaned(dataDir.toAbsolutePath());
    }
  }

  /**
   * @param port a free port, or 0 for any
   */
  public static EmbeddedPostgresServer start(Path dataDir, int port) {
    Path dir = dataDir.toAbsolutePath();
    stopOrphan(dir);
    if (port != 0) {
      // Or the server would "start" by finding whatever already answers on the port.
      Ports.requireFree(port, "PostgreSQL", "margin-desk.embedded.postgres-port");
    }
    try {
      Files.createDirectories(dir);
      EmbeddedPostgres postgres =
          EmbeddedPostgres.builder()
              .setDataDirectory(dir)
              .setCleanDataDirectory(false)
              .setRegisterShutdownHook(false)
              .setPort(port)
              .setServerConfig("listen_addresses", "127.0.0.1")
              .setServerConfig("max_connections", "200")
              // Keeps each transaction's commit time (a few bytes each), so when a row became
              // visible can be read back: the benchmark times restrictions by it.
              .setServerConfig("track_commit_timestamp", "on")
              .setPGStartupWait(Duration.ofSeconds(60))
              .start();
      OrphanedPostgres.recordOwner(dir);
      EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres, dir);
      try {
        server.createApplicationDatabase();
      } catch (SQLException | RuntimeException e) {
        // A failed start must not leave a server running that nobody will stop.
        server.close();
        throw e;
      }
      return server;
    } catch (IOException | SQLException e) {
      throw new EmbeddedStartException(
          "Embedded PostgreSQL failed to start on 127.0.0.1:"
              + port
              + " with data in "
              + dataDir.toAbsolutePath()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private void createApplicationDatabase() throws SQLException {
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        PreparedStatement exists =
            connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      exists.setString(1, DATABASE);
      try (ResultSet rows = exists.executeQuery()) {
        if (rows.next()) {
          return;
        }
      }
      try (Statement create = connection.createStatement()) {
        create.execute("CREATE DATABASE " + DATABASE);
      }
    }
  }

  public int port() {
    return postgres.getPort();
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port() + "/" + DATABASE;
  }

  @Override
  public void close() throws IOException {
    postgres.close();
    OrphanedPostgres.forgetOwner(dataDir);
  }
}
