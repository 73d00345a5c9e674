package org.margindesk.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The batch's reads sent together answer what each would have answered alone: only the accounts'
 * own rows, closed calls and other sources left out, and every latest-risk row locked, the missing
 * ones created first. Each test works in a transaction it rolls back.
 */
@QuarkusTest
class IngestionReadsTest {
  private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

  @Inject AgroalDataSource dataSource;

  @Test
  void givenAccountsInEveryState_whenRead_thenEachReadAnswersForItsOwnRowsOnly() throws Exception {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String withRisk = "IR-" + tag + "-a";
    String withoutRisk = "IR-" + tag + "-b";
    String withOpenCall = "IR-" + tag + "-c";
    String unknown = "IR-" + tag + "-z";
    String seenEvent = "ir-" + tag + "-seen";
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try (Statement sql = connection.createStatement()) {
        for (String account : List.of(withRisk, withoutRisk, withOpenCall)) {
          sql.execute(
              "INSERT INTO facility (account_id, margin_plus_amount, asset, exchange_alias, status,"
                  + " created_at, updated_at) VALUES ('"
                  + account
                  + "', 10000, 'USDT', '"
                  + account.toLowerCase()
                  + "', 'ACTIVE', now(), now())");
        }
        for (String account : List.of(withRisk, withOpenCall)) {
          sql.execute(
              "INSERT INTO account_risk (account_id, collateral_balance, assessment, updated_at)"
                  + " VALUES ('"
                  + account
                  + "', 12000.5, 'MARGIN_CALL', now())");
        }
        insertCall(sql, withOpenCall, 1, "CURED");
        insertCall(sql, withOpenCall, 2, "OPEN");
        insertCall(sql, withRisk, 1, "LIQUIDATED");
        sql.execute(
            "INSERT INTO risk_snapshot (id, account_id, source, event_id, as_of, stale, assessment,"
                + " previous_assessment, reasons, received_at, received_by) VALUES ('"
                + UUID.randomUUID()
                + "', '"
                + withRisk
                + "', 'NATIVE', '"
                + seenEvent
                + "', now(), false, 'HEALTHY', 'HEALTHY', '[]', now(), 'feed')");
      }
      try {
        IngestionReads.Known known =
            IngestionReads.read(
                connection,
                List.of(withRisk, withoutRisk, withOpenCall, unknown),
                List.of(seenEvent, "ir-" + tag + "-new"),
                NOW);

        assertThat(known.facilities()).containsOnlyKeys(withRisk, withoutRisk, withOpenCall);
        assertThat(known.facilities().get(withRisk).marginPlusAmount).isEqualByComparingTo("10000");
        assertThat(known.risks()).containsOnlyKeys(withRisk, withoutRisk, withOpenCall);
        assertThat(known.risks().get(withRisk).collateralBalance).isEqualByComparingTo("12000.5");
        assertThat(known.risks().get(withoutRisk).assessment).isEqualTo("HEALTHY");
        assertThat(known.risks().get(withoutRisk).updatedAt).isEqualTo(NOW);
        assertThat(known.openCalls()).containsOnlyKeys(withOpenCall);
        assertThat(known.openCalls().get(withOpenCall).id()).isEqualTo(withOpenCall + ":2");
        assertThat(known.stored()).containsOnlyKeys(seenEvent);
        assertThat(known.stored().get(seenEvent).accountId()).isEqualTo(withRisk);

        assertThat(lockedHere(connection))
            .containsExactlyInAnyOrder(withRisk, withoutRisk, withOpenCall);
      } finally {
        connection.rollback();
      }
    }
  }

  @Test
  void givenNoEventIds_whenRead_thenTheSnapshotLookupIsLeftOutAndNothingIsStored()
      throws Exception {
    String account = "IR-" + UUID.randomUUID().toString().substring(0, 8);
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try (Statement sql = connection.createStatement()) {
        sql.execute(
            "INSERT INTO facility (account_id, margin_plus_amount, asset, exchange_alias, status,"
                + " created_at, updated_at) VALUES ('"
                + account
                + "', 5000, 'USDT', '"
                + account.toLowerCase()
                + "', 'ACTIVE', now(), now())");
      }
      try {
        IngestionReads.Known known =
            IngestionReads.read(connection, List.of(account), List.of(), NOW);
        assertThat(known.facilities()).containsOnlyKeys(account);
        assertThat(known.risks()).containsOnlyKeys(account);
        assertThat(known.openCalls()).isEmpty();
        assertThat(known.stored()).isEmpty();
      } finally {
        connection.rollback();
      }
    }
  }

  private static void insertCall(Statement sql, String account, int number, String status)
      throws SQLException {
    boolean open = status.equals("OPEN");
    sql.execute(
        "INSERT INTO margin_call (id, account_id, call_number, status, opening_assessment,"
            + " latest_assessment, trigger_reasons, policy, figures, step_modes, opened_at,"
            + " deadline, updated_at, closed_at) VALUES ('"
            + account
            + ":"
            + number
            + "', '"
            + account
            + "', "
            + number
            + ", '"
            + status
            + "', 'MARGIN_CALL', 'MARGIN_CALL', '[]', '{}', '{}', '{}', now(), now(), now(), "
            + (open ? "NULL" : "now()")
            + ")");
  }

  /**
   * The latest-risk rows of the test's accounts that this transaction has locked: their xmax is its
   * own transaction id (the rows are the test's own and uncommitted, so no other session sees
   * them).
   */
  private static List<String> lockedHere(Connection connection) throws SQLException {
    List<String> locked = new java.util.ArrayList<>();
    try (Statement sql = connection.createStatement();
        java.sql.ResultSet rows =
            sql.executeQuery(
                "SELECT account_id FROM account_risk WHERE account_id LIKE 'IR-%' AND xmax ="
                    + " (SELECT backend_xid FROM pg_stat_activity WHERE pid = pg_backend_pid())")) {
      while (rows.next()) {
        locked.add(rows.getString(1));
      }
    }
    return locked;
  }
}
