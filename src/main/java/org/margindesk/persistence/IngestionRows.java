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

  public static void insertSnapshots(Connection connection, List<RiskSnapshotEntity> snapshots)
      throws SQLException {
    if (snapshots.isEmpty()) {
      return;
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO risk_snapshot (id, account_id, source, event_id, exchange_alias,"
                + " exchange_event_type, exchange_event_time, exchange_transaction_time, as_of,"
                + " collateral_balance, maintenance_margin_ratio, stale, assessment,"
                + " previous_assessment, reasons, raw_payload, received_at, received_by) VALUES (?,"
                + " ?, ?, ?, ?, ?, ?, ?, "
                + EpochMicros.sql("?", "?")
                + ", ?, ?, ?, ?, ?, CAST(? AS jsonb), ?, "
                + EpochMicros.sql("?", "?")
                + ", ?)")) {
      for (RiskSnapshotEntity row : snapshots) {
        insert.setObject(1, row.id);
        insert.setString(2, row.accountId);
        insert.setString(3, row.source);
        insert.setString(4, row.eventId);
        insert.setString(5, row.exchangeAlias);
        insert.setString(6, row.exchangeEventType);
        setLong(insert, 7, row.exchangeEventTime);
        setLong(insert, 8, row.exchangeTransactionTime);
        EpochMicros.bind(insert, 9, row.asOf);
        insert.setBigDecimal(11, row.collateralBalance);
        insert.setBigDecimal(12, row.maintenanceMarginRatio);
        insert.setBoolean(13, row.stale);
        insert.setString(14, row.assessment);
        insert.setString(15, row.previousAssessment);
        insert.setString(16, row.reasons);
        insert.setString(17, row.rawPayload);
        EpochMicros.bind(insert, 18, row.receivedAt);
        insert.setString(20, row.receivedBy);
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  public static void updateRisks(Connection connection, Collection<AccountRiskEntity> risks)
      throws SQLException {
    if (risks.isEmpty()) {
      return;
    }
    // One statement for the batch (its rows are locked already): decimals travel as text and are
    // cast by PostgreSQL exactly as bound parameters would be, BigDecimal as its plain digits;
    // times as whole numbers (formatting an Instant as text was 4% of a healthy batch's CPU).
    int size = risks.size();
    String[][] texts = new String[7][size];
    Long[][] times = new Long[8][size];
    int i = 0;
    for (AccountRiskEntity risk : risks) {
      texts[0][i] = risk.accountId;
      texts[1][i] = Money.format(risk.collateralBalance);
      texts[2][i] = Money.format(risk.maintenanceMarginRatio);
      texts[3][i] = Money.format(risk.mmrNumerator);
      texts[4][i] = Money.format(risk.mmrDenominator);
      texts[5][i] = risk.lastSnapshotId == null ? null : risk.lastSnapshotId.toString();
      texts[6][i] = risk.assessment;
      int time = 0;
      for (Instant value : new Instant[] {risk.asOf, risk.cabAsOf, risk.mmrAsOf, risk.updatedAt}) {
        EpochMicros micros = EpochMicros.of(value);
        times[time++][i] = micros == null ? null : micros.seconds();
        times[time++][i] = micros == null ? null : micros.microseconds();
      }
      i++;
    }
    try (PreparedStatement update =
        connection.prepareStatement(
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
                    "unnest(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) AS t(account_id, cab, mmr,"
                        + " num, den, snapshot, assessment, as_of_s, as_of_us, cab_as_of_s,"
                        + " cab_as_of_us, mmr_as_of_s, mmr_as_of_us, updated_at_s, updated_at_us)")
                + " WHERE r.ctid = t.row_id")) {
      int parameter = 1;
      for (String[] column : texts) {
        update.setArray(parameter++, connection.createArrayOf("text", column));
      }
      for (Long[] column : times) {
        update.setArray(parameter++, connection.createArrayOf("int8", column));
      }
      update.executeUpdate();
    }
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

  private static void setLong(PreparedStatement statement, int index, Long value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.BIGINT);
    } else {
      statement.setLong(index, value);
    }
  }
}
