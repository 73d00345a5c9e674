package org.margindesk.audit;

import java.time.Instant;

/**
 * Which audit events a query wants; every non-null criterion must hold. {@code from} is inclusive
 * and {@code to} exclusive, both on occurredAt.
 */
public record AuditEventFilter(
    String accountId,
    String marginCallId,
    String taskId,
    String actor,
    String action,
    Instant from,
    Instant to) {

  public static AuditEventFilter none() {
    return new AuditEventFilter(null, null, null, null, null, null, null);
  }

  public static AuditEventFilter forMarginCall(String marginCallId) {
    return new AuditEventFilter(null, marginCallId, null, null, null, null, null);
  }
}
