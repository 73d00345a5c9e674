package org.margindesk.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * The tables every healthy snapshot writes: risk_snapshot's accounts are facilities, checked per
 * statement now that facilities can be neither deleted nor re-keyed, and account_risk's updates
 * stay on their page. Each case runs in a transaction that is rolled back.
 */
@QuarkusTest
class SnapshotTablesTest {
  private static final String FACILITIES = RolledBackSql.FACILITIES;

  @Inject AgroalDataSource dataSource;

  @Test
  void givenSnapshotsOfFacilities_whenInserted_thenTheyAreStored() throws SQLException {
    inRolledBackTransaction(
        statement -> {
          statement.execute(FACILITIES.formatted(3));
          assertThat(statement.executeUpdate(snapshots("'tables-probe-' || g", 3))).isEqualTo(3);
        });
  }

  @Test
  void givenOneSnapshotOfAnAccountWithoutAFacility_whenInsertedWithOthers_thenNoneIsStored()
      throws SQLException {
    inRolledBackTransaction(
        statement -> {
          statement.execute(FACILITIES.formatted(2));
          String accounts =
              "CASE WHEN g = 2 THEN 'tables-probe-none' ELSE 'tables-probe-' || g END";
          assertThatThrownBy(() -> statement.executeUpdate(snapshots(accounts, 3)))
              .isInstanceOfSatisfying(
                  SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("23503"))
              .hasMessageContaining("tables-probe-none");
        });
  }

  @Test
  void givenAFacility_whenDeletedReKeyedOrTruncated_thenRefused() throws SQLException {
    for (String change :
        new String[] {
          "DELETE FROM facility WHERE account_id = 'tables-probe-1'",
          "UPDATE facility SET account_id = 'tables-probe-9' WHERE account_id = 'tables-probe-1'",
          "TRUNCATE facility CASCADE"
        }) {
      inRolledBackTransaction(
          statement -> {
            statement.execute(FACILITIES.formatted(1));
            assertThatThrownBy(() -> statement.execute(change))
                .as(change)
                .isInstanceOfSatisfying(
                    SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"))
                .hasMessageContaining("facility rows are permanent");
          });
    }
    inRolledBackTransaction(
        statement -> {
          statement.execute(FACILITIES.formatted(1));
          assertThat(
                  statement.executeUpdate(
                      "UPDATE facility SET status = 'CANCELLED', account_id = account_id"
                          + " WHERE account_id = 'tables-probe-1'"))
              .isEqualTo(1);
        });
  }

  /**
   * Rows inserted the way ingestion inserts them, then each updated once: packed pages would send
   * most of those updates to another page, each with a new index entry.
   */
  @Test
  void givenFullPagesOfLatestRisks_whenEveryRowIsUpdated_thenEachUpdateStaysOnItsPage()
      throws SQLException {
    inRolledBackTransaction(
        statement -> {
          int accounts = 400;
          statement.execute(FACILITIES.formatted(accounts));
          statement.execute(
              "INSERT INTO account_risk (account_id, assessment, updated_at, collateral_balance,"
                  + " maintenance_margin_ratio, mmr_numerator, mmr_denominator, as_of, cab_as_of,"
                  + " mmr_as_of, last_snapshot_id) SELECT 'tables-probe-' || g, 'HEALTHY', now(),"
                  + " 20000.12345678, 40.5, 405, 10, now(), now(), now(), gen_random_uuid()"
                  + " FROM generate_series(1, "
                  + accounts
                  + ") g");
          long hotBefore = RolledBackSql.hotUpdatesCounted(statement, "account_risk");
          int updated =
              statement.executeUpdate(
                  "UPDATE account_risk SET collateral_balance = collateral_balance + 1,"
                      + " as_of = now(), updated_at = now(), last_snapshot_id = gen_random_uuid()"
                      + " WHERE account_id LIKE 'tables-probe-%'");
          assertThat(updated).isEqualTo(accounts);
          assertThat(RolledBackSql.hotUpdatesCounted(statement, "account_risk") - hotBefore)
              .as("updates kept on their page")
              .isEqualTo(accounts);
        });
  }

  private static String snapshots(String accountExpression, int count) {
    return "INSERT INTO risk_snapshot (id, account_id, source, event_id, as_of, collateral_balance,"
        + " maintenance_margin_ratio, stale, assessment, previous_assessment, reasons,"
        + " received_at, received_by) SELECT gen_random_uuid(), "
        + accountExpression
        + ", 'NATIVE', 'tables-probe-' || gen_random_uuid(), now(), 20000, 40, false, 'HEALTHY',"
        + " 'HEALTHY', '[]', now(), 'feed' FROM generate_series(1, "
        + count
        + ") g";
  }

  private void inRolledBackTransaction(RolledBackSql.Work work) throws SQLException {
    RolledBackSql.run(dataSource, work);
  }
}
