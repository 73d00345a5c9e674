package org.margindesk.gateway;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.margindesk.domain.Restriction;
import org.margindesk.persistence.KeyLookup;

/** The simulated exchange's bulk restriction: every order of a batch in five statements. */
final class SimulatedRestrictions {
  private SimulatedRestrictions() {}

  /**
   * Claims each order's key, applies the claimed ones, and answers every order with its key's
   * stored result.
   *
   * @param orders in account order, so concurrent writers lock rows alike
   */
  static Map<String, String> apply(
      Connection connection,
      List<RestrictionOrder> orders,
      Timestamp now,
      Function<RestrictionOrder, String> result)
      throws SQLException {
    List<String> accounts = orders.stream().map(RestrictionOrder::accountId).distinct().toList();
    try (PreparedStatement ensure =
        connection.prepareStatement(
            "INSERT INTO sim_account_control (account_id, updated_at) SELECT a, ? FROM"
                + " unnest(?) a ORDER BY a ON CONFLICT (account_id) DO NOTHING")) {
      ensure.setTimestamp(1, now);
      ensure.setArray(2, texts(connection, accounts));
      ensure.executeUpdate();
    }
    Set<String> claimed = new HashSet<>();
    try (PreparedStatement claim =
        connection.prepareStatement(
            "INSERT INTO sim_side_effect (idempotency_key, account_id, effect, result,"
                + " performed_at) SELECT k, a, e, CAST(r AS jsonb), ? FROM unnest(?, ?, ?, ?) AS"
                + " t(k, a, e, r) ON CONFLICT (idempotency_key) DO NOTHING RETURNING"
                + " idempotency_key")) {
      claim.setTimestamp(1, now);
      claim.setArray(2, texts(connection, orders.stream().map(o -> o.idempotencyKey()).toList()));
      claim.setArray(3, texts(connection, orders.stream().map(o -> o.accountId()).toList()));
      claim.setArray(4, texts(connection, orders.stream().map(o -> o.action()).toList()));
      claim.setArray(5, texts(connection, orders.stream().map(result).toList()));
      try (ResultSet rows = claim.executeQuery()) {
        while (rows.next()) {
          claimed.add(rows.getString(1));
        }
      }
    }
    if (!claimed.isEmpty()) {
      applyControls(connection, orders, claimed, now);
    }
    Map<String, String> stored = new HashMap<>();
    try (PreparedStatement read =
        connection.prepareStatement(
            "SELECT e.idempotency_key, CAST(result AS text) FROM "
                + KeyLookup.byKey("sim_side_effect", "idempotency_key")
                + " e")) {
      read.setArray(1, texts(connection, orders.stream().map(o -> o.idempotencyKey()).toList()));
      try (ResultSet rows = read.executeQuery()) {
        while (rows.next()) {
          stored.put(rows.getString(1), rows.getString(2));
        }
      }
    }
    return stored;
  }

  /**
   * Applies the claimed orders as one UPDATE: each account's flags after its orders in list order
   * (null leaves a flag as it is). The rows are locked first in account order, so two writers with
   * overlapping accounts queue instead of deadlocking.
   */
  private static void applyControls(
      Connection connection, List<RestrictionOrder> orders, Set<String> claimed, Timestamp now)
      throws SQLException {
    Map<String, Boolean[]> flags = new TreeMap<>();
    for (RestrictionOrder order : orders) {
      if (claimed.contains(order.idempotencyKey())) {
        Boolean[] account = flags.computeIfAbsent(order.accountId(), a -> new Boolean[3]);
        account[COLUMN_OF.get(order.restriction())] = order.enabled();
      }
    }
    List<String> accounts = new ArrayList<>(flags.keySet());
    try (PreparedStatement lock =
        connection.prepareStatement(
            "SELECT c.account_id FROM "
                + KeyLookup.byKey("sim_account_control", "account_id", "", " FOR UPDATE")
                + " c")) {
      lock.setArray(1, texts(connection, accounts));
      lock.executeQuery().close();
    }
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE sim_account_control c SET reduce_only = COALESCE(t.r, c.reduce_only),"
                + " withdrawals_enabled = COALESCE(t.w, c.withdrawals_enabled), trading_enabled ="
                + " COALESCE(t.t, c.trading_enabled), updated_at = ? FROM "
                + KeyLookup.withRowIds(
                    "sim_account_control",
                    "account_id",
                    "unnest(?, ?, ?, ?) AS t(account_id, r, w, t)")
                + " WHERE c.ctid = t.row_id")) {
      update.setTimestamp(1, now);
      update.setArray(2, texts(connection, accounts));
      for (Restriction restriction : Restriction.values()) {
        update.setArray(
            3 + COLUMN_OF.get(restriction),
            connection.createArrayOf(
                "boolean",
                accounts.stream().map(a -> flags.get(a)[COLUMN_OF.get(restriction)]).toArray()));
      }
      update.executeUpdate();
    }
  }

  /** Which of the three flag arrays (reduce-only, withdrawals, trading) a restriction sets. */
  private static final Map<Restriction, Integer> COLUMN_OF =
      Map.of(Restriction.REDUCE_ONLY, 0, Restriction.WITHDRAWALS, 1, Restriction.TRADING, 2);

  static Array texts(Connection connection, List<String> values) throws SQLException {
    return connection.createArrayOf("varchar", values.toArray());
  }
}
