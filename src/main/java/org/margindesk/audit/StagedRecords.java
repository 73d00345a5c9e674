package org.margindesk.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.margindesk.persistence.TimeOrderedIds;

/**
 * Audit records made ready to stage: one row per event key (the first record of a key wins), its
 * JSON in canonical form. Pure CPU work, done by the writers in parallel; kept apart from {@link
 * AuditTrail}'s SQL so it can also be run without a database (the breach path's warm-up). The
 * chainer hashes what it reads back from the staged row ({@link AuditHashing#bodyOfCanonical}), so
 * the hash covers what is stored.
 */
public final class StagedRecords {
  private final List<AuditEventEntity> staged;

  private StagedRecords(List<AuditEventEntity> staged) {
    this.staged = staged;
  }

  /**
   * @param occurredAt the time every record gets (at the stored precision)
   * @throws IllegalArgumentException if a JSON field is not valid JSON
   */
  public static StagedRecords of(List<AuditRecord> records, Instant occurredAt) {
    Map<String, AuditRecord> byKey = new LinkedHashMap<>();
    for (AuditRecord record : records) {
      byKey.putIfAbsent(AuditKeys.fit(record.eventKey()), record);
    }
    Instant at = AuditHashing.storedPrecision(occurredAt);
    List<AuditEventEntity> staged = new ArrayList<>(byKey.size());
    byKey.forEach((key, record) -> staged.add(row(key, record, at)));
    return new StagedRecords(staged);
  }

  /** How many rows there are: one per distinct event key. */
  public int size() {
    return staged.size();
  }

  List<AuditEventEntity> rows() {
    return staged;
  }

  private static AuditEventEntity row(String eventKey, AuditRecord record, Instant occurredAt) {
    AuditEventEntity row = new AuditEventEntity();
    row.id = TimeOrderedIds.next();
    row.eventKey = eventKey;
    row.occurredAt = occurredAt;
    row.actor = record.actor();
    row.actorRoles = record.actorRoles();
    row.action = record.action();
    row.accountId = record.accountId();
    row.marginCallId = record.marginCallId();
    row.taskId = record.taskId();
    row.reason = record.reason();
    row.before = storedJson(record.before());
    row.after = storedJson(record.after());
    row.details = storedJson(record.details());
    row.workflowId = record.workflowId();
    row.runId = record.runId();
    row.requestId = record.requestId();
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
