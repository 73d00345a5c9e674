package org.margindesk.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hibernate.Session;
import org.margindesk.persistence.AfterCommit;
import org.margindesk.persistence.ColumnArrays;
import org.margindesk.persistence.EpochMicros;
import org.margindesk.persistence.KeyLookup;

/**
 * Appends to the audit trail. Joins the caller's transaction, so a record is committed together
 * with the change it describes, or not at all.
 *
 * <p>A record is staged ({@code audit_staged}) without any lock, and {@link AuditChainer} links it
 * into the chain right after the commit: no writer's transaction ever waits for the chain's one
 * serial point, which used to line up every transaction that recorded anything, a market shock's
 * batches behind the workflows' activities. Readers of the trail call {@link
 * AuditChainer#awaitChained} first, so they see every record committed before them.
 */
@ApplicationScoped
public class AuditTrail {
  private final EntityManager entityManager;
  private final Clock clock;
  private final AuditChainer chainer;
  private final TransactionSynchronizationRegistry transactions;

  AuditTrail(
      EntityManager entityManager,
      Clock clock,
      AuditChainer chainer,
      TransactionSynchronizationRegistry transactions) {
    this.entityManager = entityManager;
    this.clock = clock;
    this.chainer = chainer;
    this.transactions = transactions;
  }

  /**
   * Records the event unless its key is already on record, chained or staged (a key longer than the
   * column is shortened by {@link AuditKeys#fit}): a repeated activity, or a workflow step that
   * ingestion already recorded, adds nothing.
   *
   * @throws IllegalArgumentException if a JSON field is not valid JSON; nothing is recorded
   */
  @Transactional
  public void append(AuditRecord record) {
    stage(List.of(record));
  }

  /**
   * Records every event whose key is not on record yet, in list order, with one batch of inserts.
   * Joins the caller's transaction.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public void appendAll(List<AuditRecord> records) {
    stage(records);
  }

  /**
   * The event on record under this key, chained or still staged; empty if there is none. Joins a
   * transaction.
   */
  @Transactional
  public Optional<Recorded> find(String eventKey) {
    List<?> details =
        entityManager
            .createNativeQuery(
                "SELECT CAST(details AS text) FROM audit_record WHERE event_key = :key")
            .setParameter("key", AuditKeys.fit(eventKey))
            .setMaxResults(1)
            .getResultList();
    return details.isEmpty()
        ? Optional.empty()
        : Optional.of(new Recorded((String) details.get(0)));
  }

  /**
   * Which of these keys have an event on record, chained or still staged. Joins a transaction.
   *
   * @return the keys as given (not shortened by {@link AuditKeys#fit})
   */
  @Transactional
  public Set<String> recordedAmong(Collection<String> eventKeys) {
    if (eventKeys.isEmpty()) {
      return Set.of();
    }
    Map<String, String> byStoredKey = new HashMap<>();
    eventKeys.forEach(key -> byStoredKey.put(AuditKeys.fit(key), key));
    Set<String> recorded = new HashSet<>();
    KeyLookup.present(entityManager, "audit_record", "event_key", byStoredKey.keySet())
        .forEach(key -> recorded.add(byStoredKey.get(key)));
    return recorded;
  }

  /**
   * What {@link #find} found.
   *
   * @param details the record's details as JSON text, or null if it has none
   */
  public record Recorded(String details) {}

  /** See {@link AuditChainer#awaitChained}: for code that reads the chain right after writing. */
  public void awaitChained() {
    chainer.awaitChained();
  }

  private void stage(List<AuditRecord> records) {
    if (records.isEmpty()) {
      return;
    }
    StagedRecords prepared = StagedRecords.of(records, clock.instant());
    // No lookup of keys already on record first: the insert itself skips a key staged or chained
    // already, so a repeat (common: a workflow's step repeats what ingestion recorded) costs one
    // round trip, as a new record does.
    ColumnArrays<AuditEventEntity> columns =
        new ColumnArrays<>(prepared.rows())
            .text(row -> row.id.toString())
            .text(row -> row.eventKey)
            .time(row -> row.occurredAt)
            .text(row -> row.actor)
            .text(row -> row.actorRoles)
            .text(row -> row.action)
            .text(row -> row.accountId)
            .text(row -> row.marginCallId)
            .text(row -> row.taskId)
            .text(row -> row.reason)
            .text(row -> row.before)
            .text(row -> row.after)
            .text(row -> row.details)
            .text(row -> row.workflowId)
            .text(row -> row.runId)
            .text(row -> row.requestId);
    entityManager
        .unwrap(Session.class)
        .doWork(
            connection -> {
              try (PreparedStatement insert = connection.prepareStatement(STAGE)) {
                columns.bind(connection, insert, 1);
                insert.executeUpdate();
              }
            });
    AfterCommit.run(transactions, chainer::requestRoundSoon);
  }

  /**
   * In list order: the staged sequence, which the chainer follows, is drawn row by row as the
   * ordered rows are inserted. A key staged by a transaction still running makes this insert wait
   * for it, then skip. A key chained meanwhile by a round this insert cannot see yet leaves a
   * staged copy, which the chainer drops.
   */
  private static final String STAGE =
      "INSERT INTO audit_staged (id, event_key, occurred_at, actor, actor_roles, action,"
          + " account_id, margin_call_id, task_id, reason, before_state, after_state, details,"
          + " workflow_id, run_id, request_id) SELECT CAST(t.id AS uuid), t.event_key, "
          + EpochMicros.sql("t.at_s", "t.at_us")
          + ", t.actor, t.roles, t.action, t.account_id, t.call_id, t.task_id, t.reason,"
          + " t.before_state, t.after_state, t.details, t.workflow_id, t.run_id, t.request_id FROM "
          + ColumnArrays.unnest(
              "t",
              "id",
              "event_key",
              "at_s",
              "at_us",
              "actor",
              "roles",
              "action",
              "account_id",
              "call_id",
              "task_id",
              "reason",
              "before_state",
              "after_state",
              "details",
              "workflow_id",
              "run_id",
              "request_id")
          + " WHERE NOT EXISTS (SELECT 1 FROM audit_event e WHERE e.event_key = t.event_key)"
          + " ORDER BY t.ordinality ON CONFLICT (event_key) DO NOTHING";
}
