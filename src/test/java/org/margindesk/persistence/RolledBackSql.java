package org.margindesk.persistence;

import io.agroal.api.AgroalDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Runs SQL in a transaction that is always rolled back, so a probe of a table leaves nothing. */
final class RolledBackSql {
  static final String FACILITIES =
      "INSERT INTO facility (account_id, margin_plus_amount, asset, exchange_alias, status,"
          + " created_at, updated_at) SELECT 'tables-probe-' || g, 10000, 'USDT',"
          + " 'tables-probe-alias-' || g, 'ACTIVE', now(), now() FROM generate_series(1, %d) g";

  interface Work {
    void run(Statement statement) throws SQLException;
  }

  private RolledBackSql() {}

  /**
   * Updates of this table that stayed on their page (HOT), as this connection counts them: its
   * current transaction's, plus those of its earlier transactions not yet sent to the statistics (a
   * pooled connection can carry some), so a test compares two readings in one transaction.
   */
  static long hotUpdatesCounted(Statement statement, String table) throws SQLException {
    try (ResultSet hot =
        statement.executeQuery(
            "SELECT pg_stat_get_xact_tuples_hot_updated('" + table + "'::regclass)")) {
      hot.next();
      return hot.getLong(1);
    }
  }

  static void run(AgroalDataSource dataSource, Work work) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        work.run(statement);
      } finally {
        connection.rollback();
      }
    }
  }
}
