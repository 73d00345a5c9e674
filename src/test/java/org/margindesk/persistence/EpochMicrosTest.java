package org.margindesk.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
class EpochMicrosTest {
  @Inject AgroalDataSource dataSource;

  @Test
  void givenNanoseconds_whenSplit_thenRoundedToTheNearestMicrosecondCarryingIntoTheSecond() {
    assertThat(EpochMicros.of(Instant.parse("2026-12-03T10:00:00.123456499Z")))
        .isEqualTo(new EpochMicros(Instant.parse("2026-12-03T10:00:00Z").getEpochSecond(), 123456));
    assertThat(EpochMicros.of(Instant.parse("2026-12-03T10:00:00.123456500Z")).microseconds())
        .isEqualTo(123457);
    assertThat(EpochMicros.of(Instant.parse("2026-12-03T10:00:00.999999600Z")))
        .isEqualTo(new EpochMicros(Instant.parse("2026-12-03T10:00:01Z").getEpochSecond(), 0));
    assertThat(EpochMicros.of(null)).isNull();
  }

  /** Across the storable range, the far future included, PostgreSQL gets the exact microsecond. */
  @Test
  void givenInstantsFrom1970To9999_whenBoundAndReadBack_thenTheSameMicrosecond()
      throws SQLException {
    List<Instant> instants =
        List.of(
            Instant.parse("1970-01-01T00:00:00.000001Z"),
            Instant.parse("2026-12-03T10:00:00.123457Z"),
            Instant.parse("2255-06-05T23:47:34.740992Z"),
            Instant.parse("9999-12-31T23:59:59.999999Z"));
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query =
            connection.prepareStatement("SELECT " + EpochMicros.sql("?", "?"))) {
      for (Instant instant : instants) {
        EpochMicros micros = EpochMicros.of(instant);
        query.setLong(1, micros.seconds());
        query.setLong(2, micros.microseconds());
        try (ResultSet row = query.executeQuery()) {
          row.next();
          assertThat(row.getObject(1, OffsetDateTime.class).toInstant())
              .as(instant.toString())
              .isEqualTo(instant);
        }
      }
      query.setNull(1, Types.BIGINT);
      query.setNull(2, Types.BIGINT);
      try (ResultSet row = query.executeQuery()) {
        row.next();
        assertThat(row.getObject(1)).isNull();
      }
    }
  }
}
