package org.margindesk.persistence;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.margindesk.persistence.IngestionRows.OpenCall;
import org.margindesk.persistence.IngestionRows.StoredSnapshot;

/**
 * What a batch of snapshots reads before it judges its items: the accounts' facilities, their
 * latest-risk rows (locked), their open calls and the native snapshots already stored under the
 * batch's eventIds. The four statements go to the database together, in one round trip: a group of
 * single POSTs spent most of its time waiting on its statements' round trips, one after another,
 * while the database's own work on them was a third of that wait. Plain JDBC on the transaction's
 * connection; every method expects the caller's transaction.
 */
public final class IngestionReads {
  /**
   * The batch's view of its accounts, taken under the locks of their latest-risk rows.
   *
   * @param risks every account with a facility has one: missing rows are created and locked
   */
  public record Known(
      Map<String, FacilityEntity> facilities,
      Map<String, AccountRiskEntity> risks,
      Map<String, OpenCall> openCalls,
      Map<String, StoredSnapshot> stored) {}

  private static final String FACILITIES =
      "SELECT f.account_id, margin_plus_amount, asset, exchange_alias, contact_email, status,"
          + " min_top_up_ratio, termination_ratio, mmr_margin_call, mmr_liquidation,"
          + " remediation_window, max_extension, last_call_number, created_at, updated_at,"
          + " version FROM "
          + KeyLookup.byKey("facility", "account_id")
          + " f";

  /** Rows are locked in the order of the bound accounts. */
  private static final String RISKS_LOCKED =
      "SELECT r.account_id, collateral_balance, maintenance_margin_ratio, mmr_numerator,"
          + " mmr_denominator, as_of, cab_as_of, mmr_as_of, assessment, last_snapshot_id,"
          + " updated_at FROM "
          + KeyLookup.byKey("account_risk", "account_id", "", " FOR UPDATE")
          + " r";

  /** The open statuses as SQL text, as the partial unique index on open calls names them. */
  private static final String OPEN_STATUSES =
      MarginCallEntity.openStatusNames().stream()
          .map(status -> "'" + status + "'")
          .collect(Collectors.joining(", ", "(", ")"));

  private static final String OPEN_CALLS =
      "SELECT id, c.account_id, restricted_at FROM "
          + KeyLookup.byKey("margin_call", "account_id", " AND status IN " + OPEN_STATUSES, "")
          + " c";

  private static final String NATIVE_SNAPSHOTS =
      "SELECT s.event_id, id, account_id, assessment, CAST(reasons AS text), stale FROM "
          + KeyLookup.byKey("risk_snapshot", "event_id", " AND source = 'NATIVE'", "")
          + " s";

  private IngestionReads() {}

  /**
   * Reads and locks what the batch needs, creating the latest-risk rows that accounts with a
   * facility lack (a second round trip, once per account's life).
   *
   * @param accounts sorted and distinct: the latest-risk rows are locked in this order, so two
   *     batches with overlapping accounts queue instead of deadlocking
   * @param eventIds the batch's native eventIds
   */
  public static Known read(
      Connection connection, List<String> accounts, Collection<String> eventIds, Instant now)
      throws SQLException {
    Map<String, FacilityEntity> facilities;
    Map<String, AccountRiskEntity> risks;
    Map<String, OpenCall> openCalls;
    Map<String, StoredSnapshot> stored = new HashMap<>();
    boolean withEvents = !eventIds.isEmpty();
    String sql =
        String.join(
            ";\n",
            withEvents
                ? List.of(FACILITIES, RISKS_LOCKED, OPEN_CALLS, NATIVE_SNAPSHOTS)
                : List.of(FACILITIES, RISKS_LOCKED, OPEN_CALLS));
    try (PreparedStatement statements = connection.prepareStatement(sql)) {
      Array keys = IngestionRows.texts(connection, accounts);
      statements.setArray(1, keys);
      statements.setArray(2, keys);
      statements.setArray(3, keys);
      if (withEvents) {
        statements.setArray(4, IngestionRows.texts(connection, eventIds));
      }
      statements.execute();
      facilities = facilities(next(statements, true));
      risks = risks(next(statements, false));
      openCalls = openCalls(next(statements, false));
      if (withEvents) {
        ResultSet rows = next(statements, false);
        while (rows.next()) {
          stored.put(rows.getString(1), stored(rows, 2));
        }
      }
    }
    List<String> missing =
        accounts.stream()
            .filter(account -> facilities.containsKey(account) && !risks.containsKey(account))
            .toList();
    if (!missing.isEmpty()) {
      risks.putAll(createRisks(connection, missing, now));
    }
    return new Known(facilities, risks, openCalls, stored);
  }

  /** The Binance event stored under the dedupe key (alias, e, E, T), if any. */
  public static StoredSnapshot exchangeSnapshot(
      Connection connection, String alias, String type, long eventTime, Long transactionTime)
      throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT id, account_id, assessment, CAST(reasons AS text), stale FROM risk_snapshot"
                + " WHERE source = 'BINANCE' AND exchange_alias = ? AND exchange_event_type = ?"
                + " AND exchange_event_time = ? AND COALESCE(exchange_transaction_time, -1) = ?")) {
      query.setString(1, alias);
      query.setString(2, type);
      query.setLong(3, eventTime);
      query.setLong(4, transactionTime == null ? -1L : transactionTime);
      try (ResultSet row = query.executeQuery()) {
        return row.next() ? stored(row, 1) : null;
      }
    }
  }

  /** The next statement's rows; the previous ones are closed by moving on. */
  private static ResultSet next(PreparedStatement statements, boolean first) throws SQLException {
    if (!first) {
      statements.getMoreResults();
    }
    ResultSet rows = statements.getResultSet();
    if (rows == null) {
      throw new SQLException("A read of the batch's accounts answered no rows to read");
    }
    return rows;
  }

  /** Creates the accounts' latest-risk rows (HEALTHY, no figures) and locks them. */
  private static Map<String, AccountRiskEntity> createRisks(
      Connection connection, List<String> accounts, Instant now) throws SQLException {
    Array keys = IngestionRows.texts(connection, accounts);
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO account_risk (account_id, assessment, updated_at) SELECT a, 'HEALTHY', ?"
                + " FROM unnest(?) a ORDER BY a ON CONFLICT (account_id) DO NOTHING")) {
      insert.setTimestamp(1, Timestamp.from(now));
      insert.setArray(2, keys);
      insert.executeUpdate();
    }
    try (PreparedStatement query = connection.prepareStatement(RISKS_LOCKED)) {
      query.setArray(1, keys);
      try (ResultSet rows = query.executeQuery()) {
        return risks(rows);
      }
    }
  }

  /**
   * Facilities built from plain rows, never managed by Hibernate: a batch bumps facility rows by
   * SQL, so no managed copy may be flushed over them later in the transaction.
   */
  private static Map<String, FacilityEntity> facilities(ResultSet row) throws SQLException {
    Map<String, FacilityEntity> byAccount = new HashMap<>();
    while (row.next()) {
      FacilityEntity facility = new FacilityEntity();
      facility.accountId = row.getString(1);
      facility.marginPlusAmount = row.getBigDecimal(2);
      facility.asset = row.getString(3);
      facility.exchangeAlias = row.getString(4);
      facility.contactEmail = row.getString(5);
      facility.status = row.getString(6);
      facility.minTopUpRatio = row.getBigDecimal(7);
      facility.terminationRatio = row.getBigDecimal(8);
      facility.mmrMarginCall = row.getBigDecimal(9);
      facility.mmrLiquidation = row.getBigDecimal(10);
      facility.remediationWindow = row.getString(11);
      facility.maxExtension = row.getString(12);
      facility.lastCallNumber = row.getInt(13);
      facility.createdAt = IngestionRows.instant(row, 14);
      facility.updatedAt = IngestionRows.instant(row, 15);
      facility.version = row.getLong(16);
      byAccount.put(facility.accountId, facility);
    }
    return byAccount;
  }

  private static Map<String, AccountRiskEntity> risks(ResultSet row) throws SQLException {
    Map<String, AccountRiskEntity> byAccount = new HashMap<>();
    while (row.next()) {
      AccountRiskEntity risk = new AccountRiskEntity();
      risk.accountId = row.getString(1);
      risk.collateralBalance = row.getBigDecimal(2);
      risk.maintenanceMarginRatio = row.getBigDecimal(3);
      risk.mmrNumerator = row.getBigDecimal(4);
      risk.mmrDenominator = row.getBigDecimal(5);
      risk.asOf = IngestionRows.instant(row, 6);
      risk.cabAsOf = IngestionRows.instant(row, 7);
      risk.mmrAsOf = IngestionRows.instant(row, 8);
      risk.assessment = row.getString(9);
      risk.lastSnapshotId = row.getObject(10, UUID.class);
      risk.updatedAt = IngestionRows.instant(row, 11);
      byAccount.put(risk.accountId, risk);
    }
    return byAccount;
  }

  private static Map<String, OpenCall> openCalls(ResultSet row) throws SQLException {
    Map<String, OpenCall> byAccount = new HashMap<>();
    while (row.next()) {
      byAccount.put(
          row.getString(2),
          new OpenCall(row.getString(1), row.getString(2), IngestionRows.instant(row, 3)));
    }
    return byAccount;
  }

  private static StoredSnapshot stored(ResultSet row, int from) throws SQLException {
    return new StoredSnapshot(
        row.getObject(from, UUID.class),
        row.getString(from + 1),
        row.getString(from + 2),
        row.getString(from + 3),
        row.getBoolean(from + 4));
  }
}
