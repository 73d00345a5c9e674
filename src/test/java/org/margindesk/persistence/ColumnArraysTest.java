package org.margindesk.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rows bound as column arrays arrive as they were: text that means something inside an array
 * literal stays text, nulls stay null, times keep their microseconds, and the rows come out in list
 * order (what the audit trail's staged sequence relies on).
 */
@QuarkusTest
class ColumnArraysTest {
  private record Row(String text, Long number, Boolean flag, Instant time) {
    Row withTime(Instant other) {
      return new Row(text, number, flag, other);
    }
  }

  @Inject AgroalDataSource dataSource;

  @Test
  void givenAwkwardRows_whenInsertedFromColumnArrays_thenReadBackUnchangedAndInOrder()
      throws Exception {
    List<Row> rows =
        List.of(
            new Row("NULL", 1L, true, Instant.parse("2026-12-03T10:15:30.123456Z")),
            new Row(null, null, null, null),
            new Row("{\"a\": [1, 2]}, \\ \"quoted\"", -5L, false, Instant.EPOCH),
            // Half a microsecond rounds up, here into the next second (and year).
            new Row("", Long.MAX_VALUE, true, Instant.parse("1999-12-31T23:59:59.9999995Z")),
            new Row("ünïcødé ✓ 𝄞", 0L, false, Instant.parse("2026-12-03T10:15:30Z")));
    ColumnArrays<Row> columns =
        new ColumnArrays<>(rows)
            .text(Row::text)
            .number(Row::number)
            .flag(Row::flag)
            .time(Row::time);
    assertThat(columns.size()).isEqualTo(5);
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try (Statement sql = connection.createStatement()) {
        sql.execute(
            "CREATE TEMPORARY TABLE array_probe (seq SERIAL, text TEXT, number BIGINT, flag"
                + " BOOLEAN, at TIMESTAMPTZ)");
        try (PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO array_probe (text, number, flag, at) SELECT t.text, t.number, t.flag, "
                    + EpochMicros.sql("t.at_s", "t.at_us")
                    + " FROM "
                    + ColumnArrays.unnest("t", "text", "number", "flag", "at_s", "at_us")
                    + " ORDER BY t.ordinality")) {
          assertThat(columns.bind(connection, insert, 1)).isEqualTo(6);
          assertThat(insert.executeUpdate()).isEqualTo(rows.size());
        }
        List<Row> read = new ArrayList<>();
        try (ResultSet found =
            sql.executeQuery("SELECT text, number, flag, at FROM array_probe ORDER BY seq")) {
          while (found.next()) {
            OffsetDateTime at = found.getObject(4, OffsetDateTime.class);
            read.add(
                new Row(
                    found.getString(1),
                    found.getObject(2, Long.class),
                    found.getObject(3, Boolean.class),
                    at == null ? null : at.toInstant()));
          }
        }
        assertThat(read)
            .containsExactly(
                rows.get(0),
                rows.get(1),
                rows.get(2),
                rows.get(3).withTime(Instant.parse("2000-01-01T00:00:00Z")),
                rows.get(4));
      } finally {
        connection.rollback();
      }
    }
  }
}
