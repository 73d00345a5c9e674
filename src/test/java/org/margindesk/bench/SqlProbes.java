package org.margindesk.bench;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads the embedded PostgreSQL directly: the simulated exchange's restrictions, the workflows'
 * opening records, open calls, the server's durability settings. The floor is {@link RowFloor}.
 */
final class SqlProbes implements ExchangeSide, AutoCloseable {
  /**
   * When a restriction row became visible to the exchange: its transaction's commit time, which
   * PostgreSQL keeps when {@code track_commit_timestamp} is on (the embedded server turns it on). A
   * row is inserted, and its result filled in, by one transaction and never changed after, so its
   * {@code xmin} is that transaction.
   */
  private static final String COMMITTED = "pg_xact_commit_timestamp(s.xmin)";

  /** Without commit times: the time the service stamped on the row, before its commit. */
  private static final String PERFORMED = "s.performed_at";

  private final boolean commitTimes;

  /** Opening restrictions of accounts whose names start alike: a scan, filtered here. */
  private final String openingRestrictions;

  /**
   * Opening restrictions by idempotency key (the primary key). Joined with the keys rather than
   * {@code = ANY(?)}: a plan made for a parameter compares every row it scans with every key.
   */
  private final String restrictedByKey;

  /** Accounts restricted now, by the primary key of the exchange's control rows. */
  private static final String NOTIFIED =
      "SELECT account_id, min(delivered_at) FROM notification WHERE account_id = ANY(?)"
          + " AND created_at >= ? AND recipient = 'ACCOUNT_HOLDER' AND delivered_at IS NOT NULL"
          + " GROUP BY account_id";

  private static final String RESTRICTED_NOW =
      "SELECT c.account_id, c.updated_at FROM unnest(?) AS wanted(a)"
          + " JOIN sim_account_control c ON c.account_id = wanted.a"
          + " WHERE c.reduce_only AND NOT c.withdrawals_enabled";

  /**
   * Records of one action of accounts whose names start alike, chained since a sequence number or
   * still staged. Reading every chained record of the action at each poll (the audit_record view)
   * took a tenth of a core of PostgreSQL in a 10,000-breach shock, away from the service.
   */
  private static final String RECORDED =
      "SELECT account_id, occurred_at, seq FROM audit_event WHERE action = ? AND seq > ? AND"
          + " account_id LIKE ? UNION ALL SELECT account_id, occurred_at, NULL FROM audit_staged"
          + " WHERE action = ? AND account_id LIKE ?";

  /** Only the chainer writes audit_event, a round at a time; the polls still look this far back. */
  private static final long SEQ_MARGIN = 1_000;

  /**
   * The highest sequence number a poll of an action has seen. A shock asks again only about its
   * accounts not found yet, and its records all come after the earlier shocks' last poll.
   */
  private final Map<String, Long> seenSeq = new HashMap<>();

  private final BenchOptions options;
  private final BlockingQueue<Connection> pool = new ArrayBlockingQueue<>(16);
  private final List<Connection> all = new ArrayList<>();

  SqlProbes(BenchOptions options) throws SQLException {
    this.options = options;
    for (int i = 0; i < 12; i++) {
      Connection c = open();
      all.add(c);
      pool.add(c);
    }
    commitTimes =
        "on".equals(settings(List.of("track_commit_timestamp")).get("track_commit_timestamp"));
    String stamp = commitTimes ? COMMITTED : PERFORMED;
    openingRestrictions =
        "SELECT s.account_id, s.effect, "
            + stamp
            + " FROM sim_side_effect s WHERE s.account_id LIKE ?"
            + " AND s.effect IN ('REDUCE_ONLY_ON', 'WITHDRAWALS_OFF')"
            + " AND s.idempotency_key LIKE '%:open:%'";
    restrictedByKey =
        "SELECT s.account_id, max("
            + stamp
            + ") FROM unnest(?) AS wanted(k) JOIN sim_side_effect s ON s.idempotency_key ="
            + " wanted.k GROUP BY s.account_id HAVING count(*) = 2";
  }

  private Connection open() throws SQLException {
    Connection c =
        DriverManager.getConnection(options.jdbcUrl(), options.dbUser, options.dbPassword);
    c.setAutoCommit(true);
    return c;
  }

  @Override
  public String stampName() {
    return commitTimes ? "committed" : "performed_at-based";
  }

  @Override
  public String stampMeaning() {
    return commitTimes
        ? "the commit time of the transaction that wrote both of the simulated exchange's"
            + " restriction rows (pg_xact_commit_timestamp), i.e. when the exchange could see them"
        : "sim_side_effect.performed_at (stamped before its transaction commits; the server does"
            + " not track commit times)";
  }

  /**
   * One scan of sim_side_effect for the accounts' common name prefix (an {@code account_id = ANY}
   * of thousands of ids would compare every row with every id); the rows are matched here.
   */
  @Override
  public Map<String, Instant> restrictedAt(Collection<String> accounts) throws SQLException {
    Map<String, Instant> found = new HashMap<>();
    if (accounts.isEmpty()) {
      return found;
    }
    Set<String> wanted = new HashSet<>(accounts);
    Map<String, Set<String>> effectsOf = new HashMap<>();
    Map<String, Instant> latest = new HashMap<>();
    Connection c = borrow();
    try (PreparedStatement query = c.prepareStatement(openingRestrictions)) {
      query.setString(1, likePrefix(accounts));
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          String account = rows.getString(1);
          if (wanted.contains(account)) {
            Instant at = rows.getObject(3, OffsetDateTime.class).toInstant();
            effectsOf.computeIfAbsent(account, k -> new HashSet<>()).add(rows.getString(2));
            latest.merge(account, at, (x, y) -> x.isAfter(y) ? x : y);
          }
        }
      }
    } finally {
      pool.add(c);
    }
    effectsOf.forEach(
        (account, effects) -> {
          if (effects.size() == 2) {
            found.put(account, latest.get(account));
          }
        });
    return found;
  }

  @Override
  public Set<String> restrictedNow(Collection<String> accounts) throws SQLException {
    return perAccount(RESTRICTED_NOW, accounts).keySet();
  }

  @Override
  public Map<String, Instant> restrictedAtCalls(Map<String, String> callIdByAccount)
      throws SQLException {
    List<String> keys = new ArrayList<>();
    callIdByAccount.values().stream()
        .filter(Objects::nonNull)
        .forEach(
            call -> {
              keys.add(call + ":open:reduce-only-on");
              keys.add(call + ":open:withdrawals-off");
            });
    return perAccount(restrictedByKey, keys);
  }

  private static String likePrefix(Collection<String> accounts) {
    String prefix = accounts.iterator().next();
    for (String a : accounts) {
      int i = 0;
      while (i < prefix.length() && i < a.length() && prefix.charAt(i) == a.charAt(i)) {
        i++;
      }
      prefix = prefix.substring(0, i);
    }
    return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
  }

  /** Audit records of these accounts committed but not chained yet. */
  long stagedAuditRecords(Collection<String> accounts) throws SQLException {
    Connection c = borrow();
    try (PreparedStatement query =
        c.prepareStatement("SELECT count(*) FROM audit_staged WHERE account_id LIKE ?")) {
      query.setString(1, likePrefix(accounts));
      try (ResultSet rows = query.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    } finally {
      pool.add(c);
    }
  }

  /**
   * Of {@code accounts}, those with an audit record of {@code action} (a workflow's CALL_OPENED,
   * say), each with its earliest record's time.
   */
  Map<String, Instant> recorded(String action, Collection<String> accounts) throws SQLException {
    Map<String, Instant> found = new HashMap<>();
    if (accounts.isEmpty()) {
      return found;
    }
    Set<String> wanted = new HashSet<>(accounts);
    String prefix = likePrefix(accounts);
    long since = seenSeq.getOrDefault(action, 0L);
    long highest = since;
    Connection c = borrow();
    try (PreparedStatement query = c.prepareStatement(RECORDED)) {
      query.setString(1, action);
      query.setLong(2, Math.max(0, since - SEQ_MARGIN));
      query.setString(3, prefix);
      query.setString(4, action);
      query.setString(5, prefix);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          String account = rows.getString(1);
          if (wanted.contains(account)) {
            Instant at = rows.getObject(2, OffsetDateTime.class).toInstant();
            found.merge(account, at, (x, y) -> x.isBefore(y) ? x : y);
          }
          long seq = rows.getLong(3);
          if (!rows.wasNull()) {
            highest = Math.max(highest, seq);
          }
        }
      }
      seenSeq.put(action, highest);
      return found;
    } finally {
      pool.add(c);
    }
  }

  /**
   * Of {@code accounts}, those whose holder has been sent a notice created since {@code since},
   * each with its first delivery's time.
   */
  Map<String, Instant> notified(Collection<String> accounts, Instant since) throws SQLException {
    return perAccount(NOTIFIED, accounts, since);
  }

  /** Runs a query of (account_id, time) rows with one array parameter. */
  private Map<String, Instant> perAccount(String sql, Collection<String> values)
      throws SQLException {
    return perAccount(sql, values, null);
  }

  /** The same, the query's second parameter a time when {@code since} is not null. */
  private Map<String, Instant> perAccount(String sql, Collection<String> values, Instant since)
      throws SQLException {
    Map<String, Instant> found = new HashMap<>();
    if (values.isEmpty()) {
      return found;
    }
    Connection c = borrow();
    try (PreparedStatement query = c.prepareStatement(sql)) {
      Array ids = c.createArrayOf("varchar", values.toArray());
      query.setArray(1, ids);
      if (since != null) {
        query.setTimestamp(2, Timestamp.from(since));
      }
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          found.put(rows.getString(1), rows.getObject(2, OffsetDateTime.class).toInstant());
        }
      }
      return found;
    } finally {
      pool.add(c);
    }
  }

  /** Open calls by status (OPEN, LIQUIDATING). */
  Map<String, Long> openCalls() throws SQLException {
    Map<String, Long> counts = new LinkedHashMap<>();
    Connection c = borrow();
    try (Statement s = c.createStatement();
        ResultSet rows =
            s.executeQuery(
                "SELECT status, count(*) FROM margin_call"
                    + " WHERE status IN ('OPEN', 'LIQUIDATING') GROUP BY status ORDER BY status")) {
      while (rows.next()) {
        counts.put(rows.getString(1), rows.getLong(2));
      }
      return counts;
    } finally {
      pool.add(c);
    }
  }

  /**
   * The server settings that decide what a commit costs, and whether commit times are kept (what
   * the restriction times are measured by).
   */
  Map<String, String> settings() throws SQLException {
    return settings(
        List.of(
            "server_version",
            "synchronous_commit",
            "fsync",
            "wal_sync_method",
            "full_page_writes",
            "shared_buffers",
            "track_commit_timestamp"));
  }

  private Map<String, String> settings(List<String> names) throws SQLException {
    Map<String, String> values = new LinkedHashMap<>();
    Connection c = borrow();
    try (Statement s = c.createStatement()) {
      for (String name : names) {
        try (ResultSet rows = s.executeQuery("SHOW " + name)) {
          rows.next();
          values.put(name, rows.getString(1));
        }
      }
      return values;
    } finally {
      pool.add(c);
    }
  }

  private Connection borrow() throws SQLException {
    try {
      return pool.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted", e);
    }
  }

  @Override
  public void close() throws SQLException {
    for (Connection c : all) {
      c.close();
    }
  }
}
