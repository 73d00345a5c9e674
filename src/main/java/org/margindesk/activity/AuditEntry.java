package org.margindesk.activity;

/**
 * An audit record requested by a workflow. The key is deterministic (call id, step, what), so a
 * retried activity cannot append twice.
 *
 * @param detailsJson JSON text, or null
 */
public record AuditEntry(
    String eventKey,
    String actor,
    String action,
    String callId,
    String accountId,
    String taskId,
    String reason,
    String detailsJson) {}
