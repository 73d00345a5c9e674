package org.margindesk.api.fuzz;

import io.agroal.api.AgroalDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Row counts of every application table, the list read from PostgreSQL's catalog so that a table
 * added by a later migration is counted too. Flyway's history is left out (only migrations write
 * it). One statement counts them all, so a snapshot is cheap enough to take around every request.
 */
final class TableCounts {
  private final AgroalDataSource dataSource;
  private final String countAll;

  TableCounts(AgroalDataSource dataSource) throws SQLException {
    this.dataSource = dataSource;
    List<String> tables = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON"
                    + " n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind IN"
                    + " ('r', 'p') AND c.relname NOT LIKE 'flyway%' ORDER BY c.relname")) {
      while (rows.next()) {
        tables.add(rows.getString(1));
      }
    }
    if (tables.isEmpty()) {
      throw new IllegalStateException("no application tables in the current schema");
    }
    this.countAll =
        tables.stream()
            .map(t -> "SELECT '" + t + "', count(*) FROM \"" + t + "\"")
            .collect(Collectors.joining(" UNION ALL "));
  }

  Map<String, Long> now() {
    Map<String, Long> counts = new TreeMap<>();
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(countAll)) {
      while (rows.next()) {
        counts.put(rows.getString(1), rows.getLong(2));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    // A record moves from audit_staged into audit_event when it is chained, a moment after its
    // commit: the trail's records are counted as one table, under audit_event.
    Long staged = counts.remove("audit_staged");
    if (staged != null) {
      counts.merge("audit_event", staged, Long::sum);
    }
    return counts;
  }

  int tables() {
    return now().size();
  }

  /** Tables whose count differs, as "table: before -> after". */
  static Map<String, String> changed(Map<String, Long> before, Map<String, Long> after) {
    Map<String, String> changed = new TreeMap<>();
    after.forEach(
        (table, count) -> {
          Long was = before.get(table);
          if (!count.equals(was)) {
            changed.put(table, was + " -> " + count);
          }
        });
    return changed;
  }
}
