package org.margindesk.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the write floors ({@link FeedFloor}, {@link BreachFloor}) share: copies of the service's
 * tables to write into, and their connections, an admin one and one per client, with the floor's
 * tables dropped when they close.
 */
final class ScratchTables implements AutoCloseable {
  /**
   * A random UUID whose first 48 bits are the time in milliseconds, as the service's ids
   * (persistence/TimeOrderedIds): what decides where each new index entry goes.
   */
  static final String TIME_ORDERED_ID =
      "encode(overlay(uuid_send(gen_random_uuid()) placing substring(int8send(CAST(extract(epoch"
          + " FROM clock_timestamp()) * 1000 AS bigint)) FROM 3 FOR 6) FROM 1 FOR 6), 'hex')::uuid";

  /** Writes the items {@code from} (inclusive) to {@code to} in one transaction of the client. */
  interface BatchWriter {
    void write(Connection client, int from, int to) throws Exception;
  }

  /** Drops a floor's tables. */
  interface Drop {
    void run(Statement statement) throws SQLException;
  }

  private final Connection admin;
  private final List<Connection> clients = new ArrayList<>();
  private final Drop drop;

  /**
   * Connects the admin connection and {@code clients} clients without autocommit, so that a CPU
   * sample taken around a measurement finds their server processes already there.
   */
  ScratchTables(BenchOptions options, int clients, Drop drop) throws SQLException {
    this.admin = open(options);
    this.drop = drop;
    for (int i = 0; i < clients; i++) {
      Connection c = open(options);
      c.setAutoCommit(false);
      this.clients.add(c);
    }
  }

  Statement statement() throws SQLException {
    return admin.createStatement();
  }

  /**
   * Writes {@code items} items in batches of {@code batchSize}, each client taking the next batch
   * as soon as it is done with one.
   *
   * @return the time from the start signal until the last batch committed
   */
  Duration timeBatches(int items, int batchSize, BatchWriter writer) throws Exception {
    int batches = (items + batchSize - 1) / batchSize;
    AtomicInteger next = new AtomicInteger();
    List<Together.Worker> workers = new ArrayList<>();
    for (Connection c : clients) {
      workers.add(
          () -> {
            for (int b = next.getAndIncrement(); b < batches; b = next.getAndIncrement()) {
              writer.write(c, b * batchSize, Math.min(items, (b + 1) * batchSize));
            }
          });
    }
    return Together.time(workers);
  }

  /**
   * A copy with the same columns, indexes, checks and storage parameters (LIKE leaves those out,
   * and a fill factor decides whether updates stay on their page); a serial column gets a sequence
   * of its own, so the copy does not draw from the real table's. Not the foreign keys or triggers.
   */
  static void copy(Statement s, String table, String copy) throws SQLException {
    s.execute("CREATE TABLE " + copy + " (LIKE " + table + " INCLUDING ALL)");
    s.execute(
        "DO $$ BEGIN EXECUTE COALESCE((SELECT 'ALTER TABLE "
            + copy
            + " SET (' || array_to_string(reloptions, ', ') || ')' FROM pg_class"
            + " WHERE oid = '"
            + table
            + "'::regclass), 'SELECT 1'); END $$");
    List<String> serials = new ArrayList<>();
    try (ResultSet rows =
        s.executeQuery(
            "SELECT column_name FROM information_schema.columns WHERE table_name = '"
                + copy
                + "' AND column_default LIKE 'nextval(%'")) {
      while (rows.next()) {
        serials.add(rows.getString(1));
      }
    }
    for (String column : serials) {
      String sequence = copy + "_" + column + "_seq";
      s.execute("CREATE SEQUENCE " + sequence + " OWNED BY " + copy + "." + column);
      s.execute(
          "ALTER TABLE "
              + copy
              + " ALTER COLUMN "
              + column
              + " SET DEFAULT nextval('"
              + sequence
              + "')");
    }
  }

  /** Closes the clients, drops the floor's tables and closes the admin connection. */
  @Override
  public void close() throws SQLException {
    for (Connection c : clients) {
      c.close();
    }
    try (Statement s = admin.createStatement()) {
      drop.run(s);
    } finally {
      admin.close();
    }
  }

  private static Connection open(BenchOptions options) throws SQLException {
    return DriverManager.getConnection(options.jdbcUrl(), options.dbUser, options.dbPassword);
  }
}
