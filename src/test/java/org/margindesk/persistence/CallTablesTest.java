package org.margindesk.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * The tables a breach writes besides its snapshot: margin_call's accounts are facilities and
 * workflow_start's calls exist, checked per statement now that neither a facility nor a call can be
 * deleted or re-keyed; a facility's call-number update stays on its page. Each case runs in a
 * transaction that is rolled back.
 */
@QuarkusTest
class CallTablesTest {
  @Inject AgroalDataSource dataSource;

  @Test
  void givenCallsOfFacilities_whenInsertedWithTheirOutboxRows_thenTheyAreStored()
      throws SQLException {
    RolledBackSql.run(
        dataSource,
        statement -> {
          statement.execute(RolledBackSql.FACILITIES.formatted(3));
          assertThat(statement.executeUpdate(calls("'tables-probe-' || g", 3))).isEqualTo(3);
          assertThat(statement.executeUpdate(starts("'tables-probe-call-' || g", 3))).isEqualTo(3);
        });
  }

  @Test
  void givenOneCallOfAnAccountWithoutAFacility_whenInsertedWithOthers_thenNoneIsStored()
      throws SQLException {
    RolledBackSql.run(
        dataSource,
        statement -> {
          statement.execute(RolledBackSql.FACILITIES.formatted(2));
          String accounts =
              "CASE WHEN g = 2 THEN 'tables-probe-none' ELSE 'tables-probe-' || g END";
          assertRefusedAsForeignKey(statement, calls(accounts, 3), "tables-probe-none");
        });
  }

  @Test
  void givenOneOutboxRowOfACallThatDoesNotExist_whenInsertedWithOthers_thenNoneIsStored()
      throws SQLException {
    RolledBackSql.run(
        dataSource,
        statement -> {
          statement.execute(RolledBackSql.FACILITIES.formatted(2));
          statement.execute(calls("'tables-probe-' || g", 2));
          String callIds =
              "CASE WHEN g = 3 THEN 'tables-probe-call-none' ELSE 'tables-probe-call-' || g END";
          assertRefusedAsForeignKey(statement, starts(callIds, 3), "tables-probe-call-none");
        });
  }

  @Test
  void givenACall_whenDeletedReKeyedOrTruncated_thenRefused() throws SQLException {
    String call = "WHERE id = 'tables-probe-call-1'";
    for (String change :
        new String[] {
          "DELETE FROM margin_call " + call,
          "UPDATE margin_call SET id = 'tables-probe-call-9' " + call,
          "UPDATE margin_call SET account_id = 'tables-probe-2' " + call,
          "TRUNCATE margin_call CASCADE"
        }) {
      RolledBackSql.run(
          dataSource,
          statement -> {
            statement.execute(RolledBackSql.FACILITIES.formatted(2));
            statement.execute(calls("'tables-probe-' || g", 1));
            assertThatThrownBy(() -> statement.execute(change))
                .as(change)
                .isInstanceOfSatisfying(
                    SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"))
                .hasMessageContaining("margin_call rows are permanent");
          });
    }
    RolledBackSql.run(
        dataSource,
        statement -> {
          statement.execute(RolledBackSql.FACILITIES.formatted(1));
          statement.execute(calls("'tables-probe-' || g", 1));
          // What an update of every column, keys unchanged, does.
          assertThat(
                  statement.executeUpdate(
                      "UPDATE margin_call SET id = id, account_id = account_id, status = 'CURED'"
                          + " "
                          + call))
              .isEqualTo(1);
        });
  }

  @Test
  void givenAnOutboxRow_whenPointedAtAnotherCall_thenRefused_andWhenDeleted_thenGone()
      throws SQLException {
    RolledBackSql.run(
        dataSource,
        statement -> {
          statement.execute(RolledBackSql.FACILITIES.formatted(2));
          statement.execute(calls("'tables-probe-' || g", 2));
          statement.execute(starts("'tables-probe-call-' || g", 1));
          assertThatThrownBy(
                  () ->
                      statement.execute(
                          "UPDATE workflow_start SET call_id = 'tables-probe-call-2'"
                              + " WHERE call_id = 'tables-probe-call-1'"))
              .isInstanceOfSatisfying(
                  SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"))
              .hasMessageContaining("keep their call");
        });
    RolledBackSql.run(
        dataSource,
        statement -> {
          statement.execute(RolledBackSql.FACILITIES.formatted(1));
          statement.execute(calls("'tables-probe-' || g", 1));
          statement.execute(starts("'tables-probe-call-' || g", 1));
          assertThat(
                  statement.executeUpdate(
                      "DELETE FROM workflow_start WHERE call_id = 'tables-probe-call-1'"))
              .isEqualTo(1);
        });
  }

  /** A shock updates every breaching facility's call number once, right after registration. */
  @Test
  void givenNewlyRegisteredFacilities_whenEachOpensACall_thenEachUpdateStaysOnItsPage()
      throws SQLException {
    RolledBackSql.run(
        dataSource,
        statement -> {
          int facilities = 400;
          statement.execute(RolledBackSql.FACILITIES.formatted(facilities));
          long hotBefore = RolledBackSql.hotUpdatesCounted(statement, "facility");
          int updated =
              statement.executeUpdate(
                  "UPDATE facility SET last_call_number = last_call_number + 1,"
                      + " version = version + 1, updated_at = now()"
                      + " WHERE account_id LIKE 'tables-probe-%'");
          assertThat(updated).isEqualTo(facilities);
          assertThat(RolledBackSql.hotUpdatesCounted(statement, "facility") - hotBefore)
              .as("updates kept on their page")
              .isEqualTo(facilities);
        });
  }

  private static void assertRefusedAsForeignKey(Statement statement, String sql, String orphan) {
    assertThatThrownBy(() -> statement.executeUpdate(sql))
        .isInstanceOfSatisfying(
            SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("23503"))
        .hasMessageContaining(orphan);
  }

  /** Calls 'tables-probe-call-' || g for g in 1..count, of the accounts the expression names. */
  private static String calls(String accountExpression, int count) {
    return "INSERT INTO margin_call (id, account_id, call_number, status, opening_assessment,"
        + " latest_assessment, trigger_reasons, policy, figures, step_modes, opened_at, deadline,"
        + " updated_at) SELECT 'tables-probe-call-' || g, "
        + accountExpression
        + ", 1, 'OPEN', 'MARGIN_CALL', 'MARGIN_CALL', '[]', '{}', '{}', '{}', now(),"
        + " now() + interval '12 hours', now() FROM generate_series(1, "
        + count
        + ") g";
  }

  private static String starts(String callExpression, int count) {
    return "INSERT INTO workflow_start (call_id, created_at, next_attempt_at) SELECT "
        + callExpression
        + ", now(), now() FROM generate_series(1, "
        + count
        + ") g";
  }
}
