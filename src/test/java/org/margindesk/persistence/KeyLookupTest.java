package org.margindesk.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The set-wise lookups stay lookups whatever the planner believes about the table: a plan cached
 * while the table was tiny (a shock's first batch) must not scan it once it has grown.
 */
@QuarkusTest
class KeyLookupTest {
  private static final String TABLE =
      "CREATE TEMPORARY TABLE lookup_probe (key VARCHAR(64) PRIMARY KEY, flag BOOLEAN NOT NULL,"
          + " note TEXT)";

  /** Sets the note of each key's row, the rows locked beforehand. */
  private static final String UPDATE_NOTES =
      "UPDATE lookup_probe r SET note = t.note FROM "
          + KeyLookup.withRowIds("lookup_probe", "key", "unnest(?, ?) AS t(key, note)")
          + " WHERE r.ctid = t.row_id";

  @Inject AgroalDataSource dataSource;
  @Inject EntityManager em;

  /** Which keys have a row, in the caller's transaction: each found key once, nothing for none. */
  @Test
  void givenKeysSomeWithRows_whenAskedWhichArePresent_thenExactlyThoseOnce() {
    Set<String> found =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  em.createNativeQuery(
                          "CREATE TEMPORARY TABLE present_probe (key VARCHAR(64) PRIMARY KEY)"
                              + " ON COMMIT DROP")
                      .executeUpdate();
                  em.createNativeQuery(
                          "INSERT INTO present_probe SELECT 'k' || g FROM generate_series(1, 500) g")
                      .executeUpdate();
                  assertThat(KeyLookup.present(em, "present_probe", "key", List.of())).isEmpty();
                  return KeyLookup.present(
                      em, "present_probe", "key", List.of("k7", "k500", "k7", "k501", "x"));
                });

    assertThat(found).containsExactlyInAnyOrder("k7", "k500");
  }

  /** What each execution's plan sees: the table analyzed while it had 3 rows, now 20,000. */
  @Test
  void givenATableThatGrewSinceItWasAnalyzed_whenPlannedWithTheKeys_thenIndexLookupsOnly()
      throws SQLException {
    inRolledBackTransaction(
        (connection, statement) -> {
          statement.execute(TABLE);
          statement.execute(
              "INSERT INTO lookup_probe SELECT 'k' || g, false, NULL FROM generate_series(1, 3) g");
          statement.execute("ANALYZE lookup_probe");
          statement.execute(
              "INSERT INTO lookup_probe SELECT 'k' || g, false, NULL"
                  + " FROM generate_series(4, 20000) g");
          String read = "SELECT p.key FROM " + KeyLookup.byKey("lookup_probe", "key") + " p";
          String lock =
              "SELECT p.key FROM "
                  + KeyLookup.byKey("lookup_probe", "key", " AND flag = false", " FOR UPDATE")
                  + " p";
          for (String sql : List.of(read, lock, UPDATE_NOTES)) {
            assertThat(plan(statement, sql)).as(sql).contains("Index").doesNotContain("Seq Scan");
          }
          assertThat(plan(statement, UPDATE_NOTES)).contains("Tid Scan").doesNotContain("Hash");
        });
  }

  /**
   * The driver keeps a statement run five times as a named one on the server, where PostgreSQL
   * would then settle on a generic plan: one made while this table had 3 rows would scan it once it
   * has 20,000. The service's connections plan every execution instead.
   */
  @Test
  void givenALookupRunWhileTheTableWasSmall_whenRunAgainOnceItGrew_thenItsOwnPlanLooksKeysUp()
      throws SQLException {
    String lookup = "SELECT p.key FROM " + KeyLookup.byKey("lookup_probe", "key") + " p";
    inRolledBackTransaction(
        (connection, statement) -> {
          try (ResultSet mode = statement.executeQuery("SHOW plan_cache_mode")) {
            assertThat(mode.next()).isTrue();
            assertThat(mode.getString(1)).isEqualTo("force_custom_plan");
          }
          statement.execute(TABLE);
          statement.execute(
              "INSERT INTO lookup_probe SELECT 'k' || g, false, NULL FROM generate_series(1, 3) g");
          statement.execute("ANALYZE lookup_probe");
          for (int i = 0; i < 12; i++) {
            assertThat(lookUp(connection, lookup, List.of("k1", "k3", "k9"))).hasSize(2);
          }
          statement.execute(
              "INSERT INTO lookup_probe SELECT 'k' || g, false, NULL"
                  + " FROM generate_series(4, 20000) g");
          assertThat(lookUp(connection, lookup, List.of("k1", "k19999"))).hasSize(2);
          String name;
          try (ResultSet kept =
              statement.executeQuery(
                  "SELECT name, generic_plans, custom_plans FROM pg_prepared_statements"
                      + " WHERE statement LIKE '%lookup_probe%'")) {
            assertThat(kept.next()).as("the driver kept the lookup as a named statement").isTrue();
            name = kept.getString(1);
            assertThat(kept.getLong(2)).as("generic plans").isZero();
            assertThat(kept.getLong(3)).as("custom plans").isGreaterThanOrEqualTo(8);
          }
          StringBuilder plan = new StringBuilder();
          try (ResultSet rows =
              statement.executeQuery("EXPLAIN EXECUTE \"" + name + "\"('{k5000,k5001}')")) {
            while (rows.next()) {
              plan.append(rows.getString(1)).append('\n');
            }
          }
          assertThat(plan.toString()).contains("Index").doesNotContain("Seq Scan");
        });
  }

  private static List<String> lookUp(Connection connection, String sql, List<String> keys)
      throws SQLException {
    List<String> found = new ArrayList<>();
    try (PreparedStatement query = connection.prepareStatement(sql)) {
      query.setArray(1, IngestionRows.texts(connection, keys));
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          found.add(rows.getString(1));
        }
      }
    }
    return found;
  }

  @Test
  void givenTwentyThousandRows_whenAQuarterThousandAreLockedAndUpdated_thenExactlyThose()
      throws SQLException {
    inRolledBackTransaction(
        (connection, statement) -> {
          statement.execute(TABLE);
          statement.execute(
              "INSERT INTO lookup_probe SELECT 'k' || g, g % 2 = 0, NULL"
                  + " FROM generate_series(1, 20000) g");
          List<String> wanted = new ArrayList<>();
          for (int i = 5000; i < 5250; i++) {
            wanted.add("k" + i);
          }
          wanted.add("missing");
          List<String> locked = new ArrayList<>();
          try (PreparedStatement lock =
              connection.prepareStatement(
                  "SELECT p.key FROM "
                      + KeyLookup.byKey("lookup_probe", "key", " AND flag = true", " FOR UPDATE")
                      + " p")) {
            lock.setArray(1, IngestionRows.texts(connection, wanted));
            try (ResultSet rows = lock.executeQuery()) {
              while (rows.next()) {
                locked.add(rows.getString(1));
              }
            }
          }
          // Only the even keys have flag = true; "missing" has no row; the order is the one given.
          assertThat(locked).hasSize(125).first().isEqualTo("k5000");
          assertThat(locked).isSorted();
          List<String> notes = locked.stream().map(key -> "note of " + key).toList();
          try (PreparedStatement update = connection.prepareStatement(UPDATE_NOTES)) {
            update.setArray(1, IngestionRows.texts(connection, locked));
            update.setArray(2, IngestionRows.texts(connection, notes));
            assertThat(update.executeUpdate()).isEqualTo(125);
          }
          Map<String, String> noted = new HashMap<>();
          try (ResultSet rows =
              statement.executeQuery("SELECT key, note FROM lookup_probe WHERE note IS NOT NULL")) {
            while (rows.next()) {
              noted.put(rows.getString(1), rows.getString(2));
            }
          }
          assertThat(noted).hasSize(125).containsEntry("k5000", "note of k5000");
          assertThat(noted).doesNotContainKey("k5001").containsEntry("k5248", "note of k5248");
        });
  }

  /** The plan PostgreSQL makes for the statement with these 250 keys (and notes) bound. */
  private static String plan(Statement statement, String sql) throws SQLException {
    StringBuilder keys = new StringBuilder("'{");
    for (int i = 5000; i < 5250; i++) {
      keys.append(i == 5000 ? "" : ",").append('k').append(i);
    }
    String bound = sql.replace("?", keys + "}'::varchar[]");
    StringBuilder plan = new StringBuilder();
    try (ResultSet rows = statement.executeQuery("EXPLAIN " + bound)) {
      while (rows.next()) {
        plan.append(rows.getString(1)).append('\n');
      }
    }
    return plan.toString();
  }

  private interface ProbeWork {
    void run(Connection connection, Statement statement) throws SQLException;
  }

  /** Runs the work in a transaction of its own that is rolled back, temporary table and all. */
  private void inRolledBackTransaction(ProbeWork work) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        work.run(connection, statement);
      } finally {
        connection.rollback();
      }
    }
  }
}
