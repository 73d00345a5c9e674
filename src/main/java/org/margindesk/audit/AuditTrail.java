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
   * Appends the record, or returns the row already stored under its event key. Appends take a
   * transaction-scoped advisory lock, so concurrent writers line up and the chain never forks.
   */
  @Transactional
  public AuditEventEntity append(AuditRecord record) {
    entityManager
        .createNativeQuery("SELECT pg_advisory_xact_lock(:lock)")
        .setParameter("lock", APPEND_LOCK)
        .getSingleResult();
    Optional<AuditEventEntity> existing =
        AuditEventEntity.find("eventKey", record.eventKey()).firstResultOptional();
    if (existing.isPresent()) {
      return existing.get();
    }
    List<AuditEventEntity> last =
        AuditEventEntity.<AuditEventEntity>find("order by seq desc").page(0, 1).list();
    AuditEventEntity row = new AuditEventEntity();
    row.seq = last.isEmpty() ? 1 : last.get(0).seq + 1;
    row.prevHash = last.isEmpty() ? AuditHashing.GENESIS : last.get(0).hash;
    row.id = UUID.randomUUID();
    row.eventKey = record.eventKey();
    row.occurredAt = AuditHashing.storedPrecision(clock.instant());
    row.actor = record.actor();
    row.actorRoles = record.actorRoles();
    row.action = record.action();
    row.accountId = record.accountId();
    row.marginCallId = record.marginCallId();
    row.taskId = record.taskId();
    row.reason = record.reason();
    row.before = record.before();
    row.after = record.after();
    row.details = record.details();
    row.workflowId = record.workflowId();
    row.runId = record.runId();
    row.requestId = record.requestId();
    row.hash = AuditHashing.hash(row);
    row.persist();
    return row;
  }
}
