package org.margindesk.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

/**
 * The healthy feed's floor: the same PostgreSQL doing a round's bare writes, without the service.
 * Each healthy snapshot the service applies is one row of history and one update of the account's
 * latest risk; here those writes go to copies of {@code risk_snapshot} and {@code account_risk}
 * with the same columns, indexes, checks and fill factor (not the foreign keys or the triggers), in
 * transactions of a batch's size from as many clients as the feed has requests in flight. What the
 * service adds on top (reading the facilities and locking the latest-risk rows, looking up earlier
 * eventIds, the policy, HTTP and JSON) is the difference between the two figures.
 */
final class FeedFloor implements AutoCloseable {
  private static final String SNAPSHOTS = "bench_feed_snapshot";
  private static final String RISKS = "bench_feed_risk";

  private final BenchOptions options;
  private final int accounts;
  private final ScratchTables tables;

  /**
   * Connects and makes the tables, apart from the timed part, so that a CPU sample taken around
   * {@link #measure} finds the server processes of its connections already there.
   */
  FeedFloor(BenchOptions options, int accounts) throws SQLException {
    this.options = options;
    this.accounts = accounts;
    this.tables = new ScratchTables(options, options.inFlight, FeedFloor::drop);
    try (Statement s = tables.statement()) {
      drop(s);
      ScratchTables.copy(s, "risk_snapshot", SNAPSHOTS);
      ScratchTables.copy(s, "account_risk", RISKS);
      s.execute(
          "INSERT INTO "
              + RISKS
              + " (account_id, assessment, updated_at) SELECT 'floor-' || g, 'HEALTHY', now()"
              + " FROM generate_series(0, "
              + (accounts - 1)
              + ") g");
      s.execute("ANALYZE " + RISKS);
    }
  }

  /** The time from the start signal until the last of the round's transactions committed. */
  Duration measure() throws Exception {
    Instant asOf = Instant.now();
    return tables.timeBatches(
        accounts, options.batchSize, (c, from, to) -> writeBatch(c, from, to, asOf));
  }

  /** Drops the tables and closes the connections. */
  @Override
  public void close() throws SQLException {
    tables.close();
  }

  private static void drop(Statement s) throws SQLException {
    s.execute("DROP TABLE IF EXISTS " + SNAPSHOTS + ", " + RISKS);
  }

  /**
   * One batch: its history rows in one INSERT, its latest-risk rows in one UPDATE, one commit. The
   * rows are made by the server from the batch's range, so the client's own work (and its JIT) is
   * not part of the figure.
   */
  private static void writeBatch(Connection c, int from, int to, Instant asOf) throws SQLException {
    Timestamp at = Timestamp.from(asOf);
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO "
                + SNAPSHOTS
                + " (id, account_id, source, event_id, as_of, collateral_balance,"
                + " maintenance_margin_ratio, stale, assessment, previous_assessment, reasons,"
                + " received_at, received_by) SELECT "
                + ScratchTables.TIME_ORDERED_ID
                + ", 'floor-' || g, 'NATIVE',"
                + " 'floor-' || gen_random_uuid(), ?, 50000.00, 50.0, false, 'HEALTHY', 'HEALTHY',"
                + " '[]', ?, 'feed' FROM generate_series(?, ?) g")) {
      insert.setTimestamp(1, at);
      insert.setTimestamp(2, at);
      insert.setInt(3, from);
      insert.setInt(4, to - 1);
      insert.executeUpdate();
    }
    try (PreparedStatement update =
        c.prepareStatement(
            "UPDATE "
                + RISKS
                + " r SET collateral_balance = 50000.00, maintenance_margin_ratio = 50.0,"
                + " as_of = ?, cab_as_of = ?, mmr_as_of = ?, updated_at = ?,"
                + " last_snapshot_id = gen_random_uuid() FROM generate_series(?, ?) g"
                + " WHERE r.account_id = 'floor-' || g")) {
      for (int p = 1; p <= 4; p++) {
        update.setTimestamp(p, at);
      }
      update.setInt(5, from);
      update.setInt(6, to - 1);
      update.executeUpdate();
    }
    c.commit();
  }
}
