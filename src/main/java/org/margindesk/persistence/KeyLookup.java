package org.margindesk.persistence;

import jakarta.persistence.EntityManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.hibernate.Session;

/**
 * Set-wise lookups by key that stay lookups. A batch binds its keys as one array; how the database
 * finds their rows must not depend on what the planner believed about the table when it cached the
 * statement's plan, because during a shock the tables it reads grow from nothing to thousands of
 * rows within seconds. Two parts: the service's connections plan every execution with its bound
 * values and the tables' current size, never from a generic plan cached while a table was small
 * ({@code plan_cache_mode=force_custom_plan}, set in the datasource's connection options), and
 * these statements are shaped so that a plan made with the table's real size looks each key up
 * ({@link #byKey}, {@link #withRowIds}).
 */
public final class KeyLookup {
  private KeyLookup() {}

  /**
   * The rows of {@code table} whose unique {@code key} is one of the values bound as the
   * statement's first parameter (an array), as a FROM item: one index lookup per value. LIMIT 1 (at
   * most one row matches) keeps the subquery from being flattened into a join that the planner may
   * turn into a scan of the whole table.
   *
   * @param also more conditions on the row, starting with AND
   * @param lock a locking clause; rows are then locked in the order of the values
   */
  public static String byKey(String table, String key, String also, String lock) {
    return lateral("*", table, key, also, lock);
  }

  private static String lateral(
      String columns, String table, String key, String also, String lock) {
    return "unnest(?) AS wanted(value) CROSS JOIN LATERAL (SELECT "
        + columns
        + " FROM "
        + table
        + " WHERE "
        + key
        + " = wanted.value"
        + also
        + " LIMIT 1"
        + lock
        + ")";
  }

  /**
   * Which of {@code values} have a row in {@code table} under {@code key}, looked up as {@link
   * #byKey} in the caller's transaction. By JDBC, with the values as one array: a native query
   * through the ORM with an {@code IN} list expands it into a parameter per value (another
   * statement for every number of values) and flushes the session first.
   */
  public static Set<String> present(
      EntityManager em, String table, String key, Collection<String> values) {
    if (values.isEmpty()) {
      return Set.of();
    }
    return em.unwrap(Session.class)
        .doReturningWork(
            connection -> {
              Set<String> found = new HashSet<>();
              try (PreparedStatement select =
                  connection.prepareStatement(
                      // Only the key: a view's computed columns (audit_record's casts) stay unread.
                      "SELECT wanted.value FROM " + lateral("1", table, key, "", ""))) {
                select.setArray(1, IngestionRows.texts(connection, values));
                try (ResultSet row = select.executeQuery()) {
                  while (row.next()) {
                    found.add(row.getString(1));
                  }
                }
              }
              return found;
            });
  }

  /** {@link #byKey(String, String, String, String)} with no more conditions and no lock. */
  public static String byKey(String table, String key) {
    return byKey(table, key, "", "");
  }

  /**
   * For {@code UPDATE table r ... FROM} this {@code WHERE r.ctid = t.row_id}: each row of {@code
   * values} (a FROM item named {@code t} with a column named as {@code key}) with the physical
   * address of the table's row of that key, as {@code row_id}. The update then finds each row by an
   * index lookup and its address, where a join on the key was planned as a hash of the whole table
   * (every facility and every latest-risk row, read for each batch). The rows must already be
   * locked by this transaction, in an earlier statement: only then is the version this statement
   * sees the one it updates.
   */
  public static String withRowIds(String table, String key, String values) {
    return "(SELECT t.*, found.ctid AS row_id FROM "
        + values
        + " CROSS JOIN LATERAL (SELECT ctid FROM "
        + table
        + " WHERE "
        + key
        + " = t."
        + key
        + " LIMIT 1) found) AS t";
  }
}
