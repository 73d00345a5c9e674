package org.margindesk.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * Rows bound as one array per column, for a statement that reads them back with {@code unnest}: one
 * statement text whatever the number of rows, planned in a fraction of the time a multi-row VALUES
 * list of the same rows takes (the driver rewrites a JDBC batch into such lists, and a shock's
 * batches spent more time planning them than running them). Columns are added in the order of the
 * statement's parameters; times take two, as {@link EpochMicros} binds them.
 *
 * @param <R> a row
 */
public final class ColumnArrays<R> {
  private final List<R> rows;
  private final List<Object[]> columns = new ArrayList<>();

  public ColumnArrays(List<R> rows) {
    this.rows = rows;
  }

  /** A text column; the statement casts it where the column has another type (uuid, numeric). */
  public ColumnArrays<R> text(Function<R, String> value) {
    columns.add(rows.stream().map(value).toArray(String[]::new));
    return this;
  }

  public ColumnArrays<R> number(Function<R, Long> value) {
    columns.add(rows.stream().map(value).toArray(Long[]::new));
    return this;
  }

  public ColumnArrays<R> flag(Function<R, Boolean> value) {
    columns.add(rows.stream().map(value).toArray(Boolean[]::new));
    return this;
  }

  /** Two columns, seconds and microseconds: read with {@link EpochMicros#sql}. */
  public ColumnArrays<R> time(Function<R, Instant> value) {
    Long[] seconds = new Long[rows.size()];
    Long[] micros = new Long[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      EpochMicros time = EpochMicros.of(value.apply(rows.get(i)));
      seconds[i] = time == null ? null : time.seconds();
      micros[i] = time == null ? null : time.microseconds();
    }
    columns.add(seconds);
    columns.add(micros);
    return this;
  }

  /** How many parameters the columns take. */
  public int size() {
    return columns.size();
  }

  /**
   * Binds the columns to the statement's parameters from {@code first} on.
   *
   * @return the index of the next parameter
   */
  public int bind(Connection connection, PreparedStatement statement, int first)
      throws SQLException {
    int parameter = first;
    for (Object[] column : columns) {
      String type =
          column instanceof Long[] ? "int8" : column instanceof Boolean[] ? "bool" : "text";
      statement.setArray(parameter++, connection.createArrayOf(type, column));
    }
    return parameter;
  }

  /** {@code unnest(?, ?, …) AS alias(names)}: the columns as a FROM item, in row order. */
  public static String unnest(String alias, String... names) {
    return "unnest("
        + String.join(", ", Collections.nCopies(names.length, "?"))
        + ") WITH ORDINALITY AS "
        + alias
        + "("
        + String.join(", ", names)
        + ", ordinality)";
  }
}
