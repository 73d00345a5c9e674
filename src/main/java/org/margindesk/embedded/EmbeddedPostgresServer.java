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
 * a restart of the service keeps every record.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
  public static final String DATABASE = "margindesk";
  public static final String SUPERUSER = "postgres";

  private final EmbeddedPostgres postgres;

  private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  public static EmbeddedPostgresServer start(Path dataDir, int port) {
    try {
      Files.createDirectories(dataDir);
      EmbeddedPostgres postgres =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDir)
              .setCleanDataDirectory(false)
              .setRegisterShutdownHook(false)
              .setPort(port)
              .setServerConfig("listen_addresses", "127.0.0.1")
              .setServerConfig("max_connections", "200")
              .setPGStartupWait(Duration.ofSeconds(60))
              .start();
      EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres);
      server.createApplicationDatabase();
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
  }
}
