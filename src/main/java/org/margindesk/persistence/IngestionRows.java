package org.margindesk.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.margindesk.domain.Money;

/**
 * The set-wise statements of risk ingestion: a batch of snapshots costs a handful of statements,
 * whatever its size. Plain JDBC on the transaction's connection; every method expects the caller's
 * transaction.
 */
public final class IngestionRows {
  /** A snapshot stored earlier under the same eventId. */
  public record StoredSnapshot(
      UUID id, String accountId, String assessment, String reasons, boolean stale) {}

  /** The call open for an account, and whether its opening restrictions were confirmed. */
  public record OpenCall(String id, String accountId, Instant restrictedAt) {}

  private IngestionRows() {}

  /**
   * Writes the batch's snapshot history rows and its accounts' new latest-risk figures in one round
   * trip: two statements sent together, each binding its columns as arrays. Decimals travel as text
   * and are cast by PostgreSQL exactly as bound parameters would be, BigDecimal as its plain
   * digits; times as whole numbers (formatting an Instant as text was 4% of a healthy batch's CPU).
   *
   * @param risks rows this transaction has locked already
   */
  public static void writeSnapshots(
      Connection connection,
      List<RiskSnapshotEntity> snapshots,
      Collection<AccountRiskEntity> risks)
      throws SQLException {
    List<String> sql = new ArrayList<>(2);
    List<ColumnArrays<?>> columns = new ArrayList<>(2);
    if (!snapshots.isEmpty()) {
      sql.add(INSERT_SNAPSHOTS);
      columns.add(snapshotColumns(snapshots));
    }
    if (!risks.isEmpty()) {
      sql.add(UPDATE_RISKS);
      columns.add(riskColumns(List.copyOf(risks)));
    }
    if (sql.isEmpty()) {
      return;
    }
    try (PreparedStatement statements = connection.prepareStatement(String.join(";\n", sql))) {
      int parameter = 1;
      for (ColumnArrays<?> statement : columns) {
        parameter = statement.bind(connection, statements, parameter);
      }
      statements.execute();
      int ran = 0;
      do {
        ran++;
      } while (statements.getMoreResults() || statements.getUpdateCount() != -1);
      if (ran != sql.size()) {
        throw new SQLException(
            "Writing a batch's snapshots ran " + ran + " of " + sql.size() + " statements");
      }
    }
  }

  private static final String INSERT_SNAPSHOTS =
      "INSERT INTO risk_snapshot (id, account_id, source, event_id, exchange_alias,"
          + " exchange_event_type, exchange_event_time, exchange_transaction_time, as_of,"
          + " collateral_balance, maintenance_margin_ratio, stale, assessment, previous_assessment,"
          + " reasons, raw_payload, received_at, received_by) SELECT CAST(t.id AS uuid),"
          + " t.account_id, t.source, t.event_id, t.alias, t.event_type, t.event_time, t.tx_time, "
          + EpochMicros.sql("t.as_of_s", "t.as_of_us")
          + ", CAST(t.cab AS numeric), CAST(t.mmr AS numeric), t.stale, t.assessment, t.previous,"
          + " CAST(t.reasons AS jsonb), t.raw, "
          + EpochMicros.sql("t.received_s", "t.received_us")
          + ", t.received_by FROM "
          + ColumnArrays.unnest(
              "t",
              "id",
              "account_id",
              "source",
              "event_id",
              "alias",
              "event_type",
              "event_time",
              "tx_time",
              "as_of_s",
              "as_of_us",
              "cab",
              "mmr",
              "stale",
              "assessment",
              "previous",
              "reasons",
              "raw",
              "received_s",
              "received_us",
              "received_by");

  /** The columns of {@link #INSERT_SNAPSHOTS}, in its order. */
  private static ColumnArrays<RiskSnapshotEntity> snapshotColumns(List<RiskSnapshotEntity> rows) {
    return new ColumnArrays<>(rows)
        .text(row -> row.id.toString())
        .text(row -> row.accountId)
        .text(row -> row.source)
        .text(row -> row.eventId)
        .text(row -> row.exchangeAlias)
        .text(row -> row.exchangeEventType)
        .number(row -> row.exchangeEventTime)
        .number(row -> row.exchangeTransactionTime)
        .time(row -> row.asOf)
        .text(row -> Money.format(row.collateralBalance))
        .text(row -> Money.format(row.maintenanceMarginRatio))
        .flag(row -> row.stale)
        .text(row -> row.assessment)
        .text(row -> row.previousAssessment)
        .text(row -> row.reasons)
        .text(row -> row.rawPayload)
        .time(row -> row.receivedAt)
        .text(row -> row.receivedBy);
  }

  private static final String UPDATE_RISKS =
      "UPDATE account_risk r SET collateral_balance = CAST(t.cab AS numeric),"
          + " maintenance_margin_ratio = CAST(t.mmr AS numeric), mmr_numerator = CAST(t.num"
          + " AS numeric), mmr_denominator = CAST(t.den AS numeric), last_snapshot_id ="
          + " CAST(t.snapshot AS uuid), assessment = t.assessment, as_of = "
          + EpochMicros.sql("t.as_of_s", "t.as_of_us")
          + ", cab_as_of = "
          + EpochMicros.sql("t.cab_as_of_s", "t.cab_as_of_us")
          + ", mmr_as_of = "
          + EpochMicros.sql("t.mmr_as_of_s", "t.mmr_as_of_us")
          + ", updated_at = "
          + EpochMicros.sql("t.updated_at_s", "t.updated_at_us")
          + " FROM "
          + KeyLookup.withRowIds(
              "account_risk",
              "account_id",
              ColumnArrays.unnest(
                  "t",
                  "account_id",
                  "cab",
                  "mmr",
                  "num",
                  "den",
                  "snapshot",
                  "assessment",
                  "as_of_s",
                  "as_of_us",
                  "cab_as_of_s",
                  "cab_as_of_us",
                  "mmr_as_of_s",
                  "mmr_as_of_us",
                  "updated_at_s",
                  "updated_at_us"))
          + " WHERE r.ctid = t.row_id";

  /** The columns of {@link #UPDATE_RISKS}, in its order. */
  private static ColumnArrays<AccountRiskEntity> riskColumns(List<AccountRiskEntity> risks) {
    return new ColumnArrays<>(risks)
        .text(risk -> risk.accountId)
        .text(risk -> Money.format(risk.collateralBalance))
        .text(risk -> Money.format(risk.maintenanceMarginRatio))
        .text(risk -> Money.format(risk.mmrNumerator))
        .text(risk -> Money.format(risk.mmrDenominator))
        .text(risk -> risk.lastSnapshotId == null ? null : risk.lastSnapshotId.toString())
        .text(risk -> risk.assessment)
        .time(risk -> risk.asOf)
        .time(risk -> risk.cabAsOf)
        .time(risk -> risk.mmrAsOf)
        .time(risk -> risk.updatedAt);
  }

  /**
   * Takes the next call number of every ACTIVE facility among the accounts (and bumps its version,
   * as an entity update would), by account; a facility that is not ACTIVE gets none. The facilities
   * are locked first, in account order, as the update would lock them: a cancellation waits for the
   * call, or the call sees the cancellation.
   *
   * @param accounts sorted and distinct
   */
  public static Map<String, Integer> nextCallNumbers(
      Connection connection, List<String> accounts, Instant now) throws SQLException {
    Map<String, Integer> numbers = new LinkedHashMap<>();
    try (PreparedStatement lock =
        connection.prepareStatement(
            "SELECT f.account_id, f.last_call_number FROM "
                + KeyLookup.byKey(
                    "facility", "account_id", " AND status = 'ACTIVE'", " FOR NO KEY UPDATE")
                + " f")) {
      lock.setArray(1, texts(connection, accounts));
      try (ResultSet row = lock.executeQuery()) {
        while (row.next()) {
          numbers.put(row.getString(1), row.getInt(2) + 1);
        }
      }
    }
    if (numbers.isEmpty()) {
      return numbers;
    }
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE facility f SET last_call_number = t.number, version = f.version + 1,"
                + " updated_at = ? FROM "
                + KeyLookup.withRowIds(
                    "facility", "account_id", "unnest(?, ?) AS t(account_id, number)")
                + " WHERE f.ctid = t.row_id")) {
      update.setTimestamp(1, Timestamp.from(now));
      update.setArray(2, texts(connection, numbers.keySet()));
      update.setArray(3, connection.createArrayOf("int4", numbers.values().toArray()));
      update.executeUpdate();
    }
    return numbers;
  }

  public static java.sql.Array texts(Connection connection, Collection<String> values)
      throws SQLException {
    return connection.createArrayOf("varchar", new ArrayList<>(values).toArray());
  }

  public static Instant instant(ResultSet row, int column) throws SQLException {
    // Not getTimestamp: its Calendar arithmetic was 2% of a healthy batch's CPU.
    OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  public static void setInstant(PreparedStatement statement, int index, Instant value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      statement.setTimestamp(index, Timestamp.from(value));
    }
  }
}
