package org.margindesk.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A shock's floor: the same PostgreSQL doing the bare writes that make breaches safe, without the
 * service. For each breach ingestion writes a history row, the latest-risk update, the facility's
 * call number, the margin_call row, the account's control row, its two opening restrictions, the
 * workflow-start row and three audit records (with a remote exchange, no control row or
 * restrictions: those reach the exchange after the commit). Here the same rows go to copies of
 * those tables (same columns, indexes, checks and fill factor; not the foreign keys or the
 * triggers), their JSON and text copied from the latest margin call the service opened before the
 * floor, in transactions of a batch's size from as many clients as the shock has requests in
 * flight, each table in one statement made by the server from the batch's accounts. Every breach
 * here is a margin call: a shock's immediate liquidations also write the trading restriction and
 * its record, so the floor is a little under the shock's own rows.
 *
 * <p>What the service adds on top (reading and locking the accounts, looking up duplicates and
 * earlier restrictions, the policy, HTTP and JSON, the opening's three-statement restriction) is
 * the difference between the shock's figure and this one. The single-row floor ({@link RowFloor})
 * is one row per breach; this one is every row the issue asks the breach's transaction to hold.
 */
final class BreachFloor implements AutoCloseable {
  private static final String PREFIX = "bench_breach_";

  /** The tables a breach writes, copied; the ones updated are filled from the real ones. */
  private static final List<String> COPIED =
      List.of(
          "risk_snapshot",
          "account_risk",
          "facility",
          "margin_call",
          "sim_account_control",
          "sim_side_effect",
          "workflow_start",
          "audit_staged");

  private static final List<String> FILLED = List.of("account_risk", "facility");

  private final BenchOptions options;
  private final ScratchTables tables;
  private final int auditPerBreach;
  private final boolean restrictionsInTransaction;

  /**
   * Makes the copies and the templates, apart from the timed part.
   *
   * @param accounts how many accounts the largest measurement needs
   * @throws IllegalStateException if the run has no breach to copy from yet
   */
  BreachFloor(BenchOptions options, int accounts) throws SQLException {
    this.options = options;
    this.tables = new ScratchTables(options, options.inFlight, BreachFloor::dropAll);
    boolean made = false;
    try (Statement s = tables.statement()) {
      dropAll(s);
      for (String table : COPIED) {
        ScratchTables.copy(s, table, PREFIX + table);
      }
      for (String table : FILLED) {
        s.execute("INSERT INTO " + PREFIX + table + " SELECT * FROM " + table);
        long missing = accounts - count(s, PREFIX + table);
        if (missing > 0) {
          // A run with fewer facilities than breaches (--facilities 0): more rows like the first.
          s.execute(
              "INSERT INTO "
                  + PREFIX
                  + table
                  + " SELECT (jsonb_populate_record(NULL::"
                  + PREFIX
                  + table
                  + ", to_jsonb(r) || jsonb_build_object('account_id', 'bench-floor-' || g,"
                  + " 'exchange_alias', 'bench-floor-' || g))).* FROM (SELECT * FROM "
                  + table
                  + " ORDER BY account_id LIMIT 1) r, generate_series(1, "
                  + missing
                  + ") g");
        }
        s.execute("ANALYZE " + PREFIX + table);
      }
      // The latest breach that opened a margin call (not an immediate liquidation), its row and
      // what ingestion wrote with it: its history row, its first two restrictions, and the audit
      // records of the opening's moment.
      s.execute(
          "CREATE TABLE "
              + PREFIX
              + "tpl_call AS SELECT * FROM margin_call WHERE opening_assessment <> 'LIQUIDATION'"
              + " ORDER BY opened_at DESC LIMIT 1");
      s.execute(
          "CREATE TABLE "
              + PREFIX
              + "tpl_snapshot AS SELECT s.* FROM risk_snapshot s, "
              + PREFIX
              + "tpl_call c WHERE s.account_id = c.account_id AND s.assessment <> 'HEALTHY' ORDER"
              + " BY s.received_at LIMIT 1");
      s.execute(
          "CREATE TABLE "
              + PREFIX
              + "tpl_effect AS SELECT e.* FROM sim_side_effect e, "
              + PREFIX
              + "tpl_call c WHERE e.account_id = c.account_id ORDER BY e.performed_at LIMIT 2");
      s.execute(
          "CREATE TABLE "
              + PREFIX
              + "tpl_audit AS SELECT a.* FROM audit_record a, "
              + PREFIX
              + "tpl_call c WHERE a.margin_call_id = c.id AND a.occurred_at = (SELECT"
              + " min(occurred_at) FROM audit_record WHERE margin_call_id = c.id)");
      for (String template : List.of("call", "snapshot")) {
        if (count(s, PREFIX + "tpl_" + template) == 0) {
          throw new IllegalStateException(
              "no breach to copy from (no " + template + "): the floor needs an earlier breach");
        }
      }
      // With a remote exchange the restrictions are not rows of the breach's transaction.
      restrictionsInTransaction = count(s, PREFIX + "tpl_effect") > 0;
      auditPerBreach = (int) count(s, PREFIX + "tpl_audit");
      made = true;
    } finally {
      if (!made) {
        tables.close();
      }
    }
  }

  /** Each shock size's time, and which rows each breach wrote, for the report. */
  record Measured(Map<Integer, Duration> times, String rows) {}

  /** Which rows each breach writes here, for the report. */
  String rows() {
    return restrictionsInTransaction
        ? "each one's history row, latest-risk, facility and control updates, margin_call row, two"
            + " restrictions, workflow-start row and "
            + audit()
        : "each one's history row, latest-risk and facility updates, margin_call row,"
            + " workflow-start row and "
            + audit()
            + " (the exchange is remote: no restriction rows)";
  }

  private String audit() {
    return auditPerBreach + (auditPerBreach == 1 ? " audit record" : " audit records");
  }

  /**
   * Writes {@code breaches} breaches' rows for as many accounts.
   *
   * @return the time from the start signal until the last transaction committed
   */
  Duration measure(int breaches) throws Exception {
    List<String> accounts = new ArrayList<>(breaches);
    try (Statement s = tables.statement();
        ResultSet rows =
            s.executeQuery(
                "SELECT account_id FROM "
                    + PREFIX
                    + "account_risk ORDER BY account_id LIMIT "
                    + breaches)) {
      while (rows.next()) {
        accounts.add(rows.getString(1));
      }
    }
    try (Statement s = tables.statement()) {
      // Each size starts from empty copies: the accounts of an earlier size would hold open calls.
      for (String table : COPIED) {
        if (!FILLED.contains(table)) {
          s.execute("TRUNCATE " + PREFIX + table);
        }
      }
    }
    String round = Long.toString(System.nanoTime(), 36);
    return tables.timeBatches(
        accounts.size(),
        options.batchSize,
        (c, from, to) ->
            writeBatch(c, accounts.subList(from, to), round, restrictionsInTransaction));
  }

  @Override
  public void close() throws SQLException {
    tables.close();
  }

  /**
   * One batch, one transaction: a statement per table, the rows made by the server from the
   * accounts and the templates, so the client's own work is not part of the figure.
   */
  private static void writeBatch(
      Connection c, List<String> accounts, String round, boolean restrictions) throws SQLException {
    Timestamp now = Timestamp.from(Instant.now());
    String id = "a || ':' || ?";
    execute(
        c,
        "INSERT INTO bench_breach_risk_snapshot (id, account_id, source, event_id, as_of,"
            + " collateral_balance, maintenance_margin_ratio, stale, assessment,"
            + " previous_assessment, reasons, raw_payload, received_at, received_by) SELECT "
            + ScratchTables.TIME_ORDERED_ID
            + ", a, t.source, "
            + id
            + ", ?, t.collateral_balance, t.maintenance_margin_ratio, false, t.assessment,"
            + " t.previous_assessment, t.reasons, t.raw_payload, ?, t.received_by FROM unnest(?) a,"
            + " bench_breach_tpl_snapshot t",
        accounts,
        round,
        now,
        now);
    execute(
        c,
        "UPDATE bench_breach_account_risk r SET collateral_balance = t.collateral_balance,"
            + " maintenance_margin_ratio = t.maintenance_margin_ratio, assessment = t.assessment,"
            + " as_of = ?, cab_as_of = ?, mmr_as_of = ?, updated_at = ?, last_snapshot_id ="
            + " gen_random_uuid() FROM unnest(?) a, bench_breach_tpl_snapshot t WHERE"
            + " r.account_id = a",
        accounts,
        now,
        now,
        now,
        now);
    execute(
        c,
        "UPDATE bench_breach_facility f SET last_call_number = f.last_call_number + 1, version ="
            + " f.version + 1, updated_at = ? FROM unnest(?) a WHERE f.account_id = a",
        accounts,
        now);
    execute(
        c,
        "INSERT INTO bench_breach_margin_call (id, account_id, call_number, status,"
            + " opening_assessment, latest_assessment, trigger_reasons, policy, figures,"
            + " step_modes, opened_at, deadline, updated_at, restricted_at) SELECT "
            + id
            + ", a, 1, t.status, t.opening_assessment, t.opening_assessment, t.trigger_reasons,"
            + " t.policy, t.figures, t.step_modes, ?, t.deadline, ?, ? FROM unnest(?) a,"
            + " bench_breach_tpl_call t",
        accounts,
        round,
        now,
        now,
        now);
    if (restrictions) {
      execute(
          c,
          "INSERT INTO bench_breach_sim_account_control (account_id, reduce_only,"
              + " withdrawals_enabled, updated_at) SELECT a, true, false, ? FROM unnest(?) a ON"
              + " CONFLICT (account_id) DO UPDATE SET reduce_only = true, withdrawals_enabled ="
              + " false, updated_at = EXCLUDED.updated_at",
          accounts,
          now);
      execute(
          c,
          "INSERT INTO bench_breach_sim_side_effect (idempotency_key, account_id, effect, result,"
              + " performed_at) SELECT a || ':' || ? || ':' || t.effect, a, t.effect, t.result, ?"
              + " FROM unnest(?) a, bench_breach_tpl_effect t",
          accounts,
          round,
          now);
    }
    execute(
        c,
        "INSERT INTO bench_breach_workflow_start (call_id, created_at, next_attempt_at) SELECT "
            + id
            + ", ?, ? FROM unnest(?) a",
        accounts,
        round,
        now,
        now);
    execute(
        c,
        "INSERT INTO bench_breach_audit_staged (id, event_key, occurred_at, actor, actor_roles,"
            + " action, account_id, margin_call_id, task_id, reason, before_state, after_state,"
            + " details, workflow_id, run_id, request_id) SELECT gen_random_uuid(), a || ':' || ?"
            + " || ':' || t.event_key, ?, t.actor, t.actor_roles, t.action, a, a, t.task_id,"
            + " t.reason, CAST(t.before_state AS text), CAST(t.after_state AS text),"
            + " CAST(t.details AS text), t.workflow_id, t.run_id, t.request_id FROM unnest(?) a,"
            + " bench_breach_tpl_audit t",
        accounts,
        round,
        now);
    c.commit();
  }

  /** Runs a statement whose parameters are {@code values}, then the accounts as an array. */
  private static void execute(Connection c, String sql, List<String> accounts, Object... values)
      throws SQLException {
    try (PreparedStatement statement = c.prepareStatement(sql)) {
      int p = 1;
      for (Object value : values) {
        statement.setObject(p++, value);
      }
      statement.setArray(p, c.createArrayOf("varchar", accounts.toArray()));
      statement.executeUpdate();
    }
  }

  private static void dropAll(Statement s) throws SQLException {
    for (String table : COPIED) {
      s.execute("DROP TABLE IF EXISTS " + PREFIX + table + " CASCADE");
    }
    for (String template : List.of("call", "snapshot", "effect", "audit")) {
      s.execute("DROP TABLE IF EXISTS " + PREFIX + "tpl_" + template);
    }
  }

  private static long count(Statement s, String table) throws SQLException {
    try (ResultSet row = s.executeQuery("SELECT count(*) FROM " + table)) {
      row.next();
      return row.getLong(1);
    }
  }
}
