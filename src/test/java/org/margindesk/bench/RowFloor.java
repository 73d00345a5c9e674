package org.margindesk.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The floor the restrictions are compared with: single-row INSERTs, each its own transaction
 * (autocommit), from several clients at once into a scratch table on the same PostgreSQL. Its
 * connections stay open until it is closed, so that a CPU sample taken right after a measurement
 * still finds their server processes and counts them; closing drops the table.
 */
final class RowFloor implements AutoCloseable {
  private final BenchOptions options;
  private final List<Connection> connections = new ArrayList<>();

  RowFloor(BenchOptions options) throws SQLException {
    this.options = options;
    try (Statement s = open().createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS bench_floor (id BIGSERIAL PRIMARY KEY,"
              + " account_id VARCHAR(64) NOT NULL, payload TEXT NOT NULL,"
              + " created_at TIMESTAMPTZ NOT NULL DEFAULT now())");
    }
  }

  /**
   * @return the time from the start signal until the last of {@code tx} commits returned, from
   *     {@code clients} connections; {@code synchronousCommit} null keeps the server's setting
   */
  Duration measure(int tx, int clients, String synchronousCommit) throws Exception {
    AtomicInteger next = new AtomicInteger();
    List<Together.Worker> workers = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      Connection c = open();
      if (synchronousCommit != null) {
        try (Statement s = c.createStatement()) {
          s.execute("SET synchronous_commit = " + synchronousCommit);
        }
      }
      PreparedStatement insert =
          c.prepareStatement("INSERT INTO bench_floor (account_id, payload) VALUES (?, ?)");
      workers.add(
          () -> {
            for (int n = next.getAndIncrement(); n < tx; n = next.getAndIncrement()) {
              insert.setString(1, "floor-" + n);
              insert.setString(2, "{\"reduceOnly\":true,\"withdrawalsEnabled\":false}");
              insert.executeUpdate();
            }
          });
    }
    return Together.time(workers);
  }

  private Connection open() throws SQLException {
    Connection c =
        DriverManager.getConnection(options.jdbcUrl(), options.dbUser, options.dbPassword);
    c.setAutoCommit(true);
    connections.add(c);
    return c;
  }

  @Override
  public void close() throws SQLException {
    try (Statement s = connections.get(0).createStatement()) {
      s.execute("DROP TABLE IF EXISTS bench_floor");
    } finally {
      for (Connection c : connections) {
        c.close();
      }
      connections.clear();
    }
  }
}
