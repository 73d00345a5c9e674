package org.margindesk.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * The breach path's warm-up prepares everything a batch of breaches prepares (three audit records
 * per breach: the assessment change and the two opening restrictions) and leaves no trace: no call,
 * snapshot, restriction, outbox row or audit record of its synthetic accounts.
 */
@QuarkusTest
class BreachPathWarmupTest {
  private static final String[] TABLES = {
    "margin_call", "risk_snapshot", "account_risk", "sim_side_effect", "audit_record", "facility"
  };

  @Inject BreachPathWarmup warmup;
  @Inject AgroalDataSource dataSource;

  @Test
  void givenSyntheticBreaches_whenWarmedUp_thenEveryRecordIsPreparedAndNothingIsStored()
      throws SQLException {
    int records = warmup.run(600);

    assertThat(records).isEqualTo(3 * 600);
    for (String table : TABLES) {
      assertThat(rowsOfWarmUpAccounts(table)).as(table).isZero();
    }
    assertThat(count("SELECT count(*) FROM workflow_start WHERE call_id LIKE '%warm-up-%'"))
        .isZero();
  }

  private long rowsOfWarmUpAccounts(String table) throws SQLException {
    return count("SELECT count(*) FROM " + table + " WHERE account_id LIKE 'warm-up-%'");
  }

  private long count(String sql) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
