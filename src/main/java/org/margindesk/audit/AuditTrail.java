package org.margindesk.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.hibernate.Session;

/**
 * Appends to the audit trail. Joins the caller's transaction, so a record is committed together
 * with the change it describes, or not at all.
 */
@ApplicationScoped
public class AuditTrail {
  /** Arbitrary constant naming the one advisory lock that serialises appends. */
  private static final long APPEND_LOCK = 0x4d415247494e4c4bL;

  private final EntityManager entityManager;
  private final Clock clock;

  AuditTrail(EntityManager entityManager, Clock clock) {
    this.entityManager = entityManager;
    this.clock = clock;
  }

  /**
   * Appends the record, or returns the row already stored under its event key (a key longer than
   * the column is shortened by {@link AuditKeys#fit}). Appends take a transaction-scoped advisory
   * lock, so concurrent writers line up and the chain never forks; the lock is held until the
   * caller's transaction ends, which is what keeps the next writer from reading a stale tail.
   *
   * @throws IllegalArgumentException if a JSON field is not valid JSON
   */
  @Transactional
  public AuditEventEntity append(AuditRecord record) {
    String eventKey = AuditKeys.fit(record.eventKey());
    // Checked before taking the lock, so a bad document costs no one else any waiting.
    String before = storedJson(record.before());
    String after = storedJson(record.after());
    String details = storedJson(record.details());
    // Rows are never removed, so a key already stored needs no lock: a repeated activity (or a
    // workflow step that ingestion already recorded) costs the chain's writers no waiting.
    Optional<AuditEventEntity> stored =
        AuditEventEntity.find("eventKey", eventKey).firstResultOptional();
    if (stored.isPresent()) {
      return stored.get();
    }
    // Prepared before the lock, which every other writer waits for.
    AuditEventEntity row =
        row(
            eventKey,
            record,
            new String[] {before, after, details},
            AuditHashing.storedPrecision(clock.instant()));
    String body = AuditHashing.body(row);
    entityManager
        .createNativeQuery("SELECT pg_advisory_xact_lock(:lock)")
        .setParameter("lock", APPEND_LOCK)
        .getSingleResult();
    Optional<AuditEventEntity> existing =
        AuditEventEntity.find("eventKey", eventKey).firstResultOptional();
    if (existing.isPresent()) {
      return existing.get();
    }
    List<AuditEventEntity> last =
        AuditEventEntity.<AuditEventEntity>find("order by seq desc").page(0, 1).list();
    row.seq = last.isEmpty() ? 1 : last.get(0).seq + 1;
    row.prevHash = last.isEmpty() ? AuditHashing.GENESIS : last.get(0).hash;
    row.hash = AuditHashing.hash(row.seq, body, row.prevHash);
    row.persist();
    return row;
  }

  /**
   * Appends every record whose key is not stored yet, in list order, under one hold of the append
   * lock and with one batch of inserts: a batch of ingestion writes its whole share of the chain at
   * once, so the chain's serial point costs one lock and one round trip per transaction, not per
   * record. Joins the caller's transaction; call it last, so the lock is held only until the
   * commit.
   *
   * @return how many records were appended (keys already stored, or repeated in the list, are not)
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public int appendAll(List<AuditRecord> records) {
    if (records.isEmpty()) {
      return 0;
    }
    Map<String, AuditRecord> byKey = new LinkedHashMap<>();
    for (AuditRecord record : records) {
      byKey.putIfAbsent(AuditKeys.fit(record.eventKey()), record);
    }
    // Everything but the chain's links is prepared before the lock: a batch's records are costly to
    // canonicalise, and every other writer waits while the lock is held.
    Instant now = AuditHashing.storedPrecision(clock.instant());
    Map<String, AuditEventEntity> rows = new LinkedHashMap<>();
    Map<String, String> bodies = new LinkedHashMap<>();
    byKey.forEach(
        (key, record) -> {
          AuditEventEntity row =
              row(
                  key,
                  record,
                  new String[] {
                    storedJson(record.before()),
                    storedJson(record.after()),
                    storedJson(record.details())
                  },
                  now);
          rows.put(key, row);
          bodies.put(key, AuditHashing.body(row));
        });
    // Rows appended through the entity in this transaction must be in the table before the tail is
    // read below.
    entityManager.flush();
    return entityManager
        .unwrap(Session.class)
        .doReturningWork(
            connection -> {
              try (PreparedStatement lock =
                  connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                lock.setLong(1, APPEND_LOCK);
                lock.execute();
              }
              Set<String> stored = storedKeys(connection, byKey.keySet());
              long seq = 0;
              String prevHash = AuditHashing.GENESIS;
              try (PreparedStatement tail =
                      connection.prepareStatement(
                          "SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1");
                  ResultSet row = tail.executeQuery()) {
                if (row.next()) {
                  seq = row.getLong(1);
                  prevHash = row.getString(2);
                }
              }
              int appended = 0;
              try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                for (Map.Entry<String, AuditEventEntity> entry : rows.entrySet()) {
                  if (stored.contains(entry.getKey())) {
                    continue;
                  }
                  AuditEventEntity row = entry.getValue();
                  row.seq = ++seq;
                  row.prevHash = prevHash;
                  row.hash = AuditHashing.hash(row.seq, bodies.get(entry.getKey()), prevHash);
                  prevHash = row.hash;
                  bind(insert, row);
                  insert.addBatch();
                  appended++;
                }
                if (appended > 0) {
                  insert.executeBatch();
                }
              }
              return appended;
            });
  }

  private static final String INSERT =
      "INSERT INTO audit_event (seq, id, event_key, occurred_at, actor, actor_roles, action,"
          + " account_id, margin_call_id, task_id, reason, before_state, after_state, details,"
          + " workflow_id, run_id, request_id, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?,"
          + " ?, ?, CAST(? AS jsonb), CAST(? AS jsonb), CAST(? AS jsonb), ?, ?, ?, ?, ?)";

  private static Set<String> storedKeys(java.sql.Connection connection, Set<String> keys)
      throws SQLException {
    Set<String> stored = new HashSet<>();
    try (PreparedStatement query =
        connection.prepareStatement("SELECT event_key FROM audit_event WHERE event_key = ANY(?)")) {
      query.setArray(1, connection.createArrayOf("varchar", keys.toArray()));
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          stored.add(rows.getString(1));
        }
      }
    }
    return stored;
  }

  private static AuditEventEntity row(
      String eventKey, AuditRecord record, String[] json, Instant occurredAt) {
    AuditEventEntity row = new AuditEventEntity();
    row.id = UUID.randomUUID();
    row.eventKey = eventKey;
    row.occurredAt = occurredAt;
    row.actor = record.actor();
    row.actorRoles = record.actorRoles();
    row.action = record.action();
    row.accountId = record.accountId();
    row.marginCallId = record.marginCallId();
    row.taskId = record.taskId();
    row.reason = record.reason();
    row.before = json[0];
    row.after = json[1];
    row.details = json[2];
    row.workflowId = record.workflowId();
    row.runId = record.runId();
    row.requestId = record.requestId();
    return row;
  }

  private static void bind(PreparedStatement insert, AuditEventEntity row) throws SQLException {
    insert.setLong(1, row.seq);
    insert.setObject(2, row.id);
    insert.setString(3, row.eventKey);
    insert.setTimestamp(4, Timestamp.from(row.occurredAt));
    insert.setString(5, row.actor);
    insert.setString(6, row.actorRoles);
    insert.setString(7, row.action);
    insert.setString(8, row.accountId);
    insert.setString(9, row.marginCallId);
    insert.setString(10, row.taskId);
    insert.setString(11, row.reason);
    insert.setString(12, row.before);
    insert.setString(13, row.after);
    insert.setString(14, row.details);
    insert.setString(15, row.workflowId);
    insert.setString(16, row.runId);
    insert.setString(17, row.requestId);
    insert.setString(18, row.prevHash);
    insert.setString(19, row.hash);
  }

  /**
   * Stores the canonical text, so what is hashed is what is stored. A JSON {@code null} is stored
   * as SQL NULL: both mean "nothing here", and reading jsonb 'null' back is not reliably
   * distinguishable from NULL.
   */
  private static String storedJson(String json) {
    String canonical = AuditJson.canonical(json);
    return "null".equals(canonical) ? null : canonical;
  }
}
