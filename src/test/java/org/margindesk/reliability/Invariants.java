package org.margindesk.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks every crash and outage must leave true, read from PostgreSQL (the embedded server's
 * port, as its superuser) and through the API. Each returns a {@link Check}; none throws for a
 * failed condition, so a run reports every broken one.
 */
final class Invariants {
  record Check(String name, boolean passed, String detail) {
    @Override
    public String toString() {
      return (passed ? "ok:     " : "FAILED: ")
          + name
          + (detail.isEmpty() ? "" : " (" + detail + ")");
    }
  }

  private final Api api;
  private final String jdbcUrl;
  private final Ledger ledger;
  private final String accountPrefix;

  Invariants(Api api, int postgresPort, Ledger ledger, String accountPrefix) {
    this.api = api;
    this.jdbcUrl = "jdbc:postgresql://127.0.0.1:" + postgresPort + "/margindesk";
    this.ledger = ledger;
    this.accountPrefix = accountPrefix;
  }

  Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl, "postgres", "");
  }

  /** Every snapshot the service answered 2xx for is a row of risk_snapshot. */
  Check acknowledgedStored() throws SQLException {
    Set<String> acks = ledger.acks();
    long stored;
    try (Connection c = connect();
        PreparedStatement q =
            c.prepareStatement(
                "SELECT count(DISTINCT event_id) FROM risk_snapshot WHERE event_id = ANY (?)")) {
      Array ids = c.createArrayOf("varchar", acks.toArray());
      q.setArray(1, ids);
      try (ResultSet r = q.executeQuery()) {
        r.next();
        stored = r.getLong(1);
      }
    }
    return new Check(
        "every acknowledged snapshot is stored",
        stored == acks.size(),
        stored + " of " + acks.size() + " acknowledged");
  }

  /** Every call the suite saw exists with its original deadline, and no account got a second. */
  Check callsKept() throws SQLException {
    Map<String, Ledger.Call> calls = ledger.calls();
    List<String> problems = new ArrayList<>();
    try (Connection c = connect()) {
      try (PreparedStatement q =
          c.prepareStatement("SELECT deadline FROM margin_call WHERE id = ?")) {
        for (Ledger.Call call : calls.values()) {
          q.setString(1, call.id());
          try (ResultSet r = q.executeQuery()) {
            if (!r.next()) {
              problems.add(call.id() + " lost");
            } else if (!r.getTimestamp(1).toInstant().equals(call.deadline())) {
              problems.add(
                  call.id()
                      + " deadline "
                      + r.getTimestamp(1).toInstant()
                      + " != "
                      + call.deadline());
            }
          }
        }
      }
      problems.addAll(
          rows(
              c,
              "SELECT account_id || ' has ' || count(*) || ' calls' FROM margin_call"
                  + " WHERE account_id LIKE ? GROUP BY account_id HAVING count(*) > 1"));
    }
    return new Check(
        "no call lost, each with its original deadline",
        problems.isEmpty(),
        problems.isEmpty() ? calls.size() + " calls" : String.join("; ", problems));
  }

  /** One task per call and type; the tasks the suite left keep the status it left them in. */
  Check tasksKept() throws SQLException, IOException {
    List<String> problems = new ArrayList<>();
    try (Connection c = connect()) {
      problems.addAll(
          rows(
              c,
              "SELECT margin_call_id || ' ' || type || ' x' || count(*) FROM operator_task"
                  + " WHERE account_id LIKE ? GROUP BY margin_call_id, type HAVING count(*) > 1"));
    }
    for (Map.Entry<String, String> task : ledger.tasks().entrySet()) {
      JsonNode view = api.task(task.getKey());
      String status = view.path("status").asText("missing");
      if (!status.equals(task.getValue()) && !status.equals("DONE")) {
        problems.add(task.getKey() + " is " + status + ", was left " + task.getValue());
      }
    }
    return new Check("no task duplicated or lost", problems.isEmpty(), String.join("; ", problems));
  }

  /**
   * The simulated exchange's own tables: one row per idempotency key by construction, so the check
   * is that no account got the same effect twice in one phase of one call (each key is {@code
   * <callId>:<phase>:…}), and no ledger booking or fill repeats a key.
   */
  Check effectsOnce() throws SQLException {
    List<String> problems = new ArrayList<>();
    long effects;
    try (Connection c = connect()) {
      problems.addAll(
          rows(
              c,
              "SELECT account_id || ' ' || effect || ' in ' || split_part(idempotency_key, ':', 1)"
                  + " || ':' || split_part(idempotency_key, ':', 2) || ' x' || count(*)"
                  + " FROM sim_side_effect WHERE account_id LIKE ?"
                  + " GROUP BY account_id, effect, split_part(idempotency_key, ':', 1),"
                  + " split_part(idempotency_key, ':', 2) HAVING count(*) > 1"));
      problems.addAll(
          rows(
              c,
              "SELECT idempotency_key || ' booked x' || count(*) FROM sim_funds_ledger"
                  + " WHERE owner LIKE ? GROUP BY idempotency_key, owner HAVING count(*) > 1"));
      try (PreparedStatement q =
          c.prepareStatement("SELECT count(*) FROM sim_side_effect WHERE account_id LIKE ?")) {
        q.setString(1, accountPrefix + "%");
        try (ResultSet r = q.executeQuery()) {
          r.next();
          effects = r.getLong(1);
        }
      }
    }
    return new Check(
        "every exchange effect performed once (by key, by account and effect)",
        problems.isEmpty(),
        problems.isEmpty() ? effects + " effects" : String.join("; ", problems));
  }

  Check auditVerifies() throws IOException {
    return new Check("the audit chain verifies", api.auditVerifies(), "");
  }

  /** The open calls of this run, as PostgreSQL has them. */
  List<String> openCalls() throws SQLException {
    try (Connection c = connect()) {
      return rows(
          c,
          "SELECT id FROM margin_call WHERE account_id LIKE ? AND status IN ('OPEN', 'LIQUIDATING')"
              + " ORDER BY id");
    }
  }

  /** The deadline PostgreSQL holds for a call, for the ledger. */
  static Instant deadlineOf(JsonNode call) {
    return Instant.parse(call.path("deadline").asText());
  }

  private List<String> rows(Connection c, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement q = c.prepareStatement(sql)) {
      q.setString(1, accountPrefix + "%");
      try (ResultSet r = q.executeQuery()) {
        while (r.next()) {
          out.add(r.getString(1));
        }
      }
    }
    return out;
  }
}
