package org.margindesk.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

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
    AuditEventEntity row = new AuditEventEntity();
    row.seq = last.isEmpty() ? 1 : last.get(0).seq + 1;
    row.prevHash = last.isEmpty() ? AuditHashing.GENESIS : last.get(0).hash;
    row.id = UUID.randomUUID();
    row.eventKey = eventKey;
    row.occurredAt = AuditHashing.storedPrecision(clock.instant());
    row.actor = record.actor();
    row.actorRoles = record.actorRoles();
    row.action = record.action();
    row.accountId = record.accountId();
    row.marginCallId = record.marginCallId();
    row.taskId = record.taskId();
    row.reason = record.reason();
    row.before = before;
    row.after = after;
    row.details = details;
    row.workflowId = record.workflowId();
    row.runId = record.runId();
    row.requestId = record.requestId();
    row.hash = AuditHashing.hash(row);
    row.persist();
    return row;
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
