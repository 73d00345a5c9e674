package org.margindesk.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One audit event as the trail's API shows it: every column, and JSON fields as embedded documents,
 * not strings. A call's timeline ({@link TimelineEntry}) and a task's history show fewer fields
 * under their own names; see there why they stay apart.
 */
public record AuditEventView(
    long seq,
    UUID id,
    String eventKey,
    Instant occurredAt,
    String actor,
    String actorRoles,
    String action,
    @Schema(nullable = true) String accountId,
    @Schema(nullable = true) String marginCallId,
    @Schema(nullable = true) String taskId,
    @Schema(nullable = true) String reason,
    @Schema(nullable = true, implementation = Map.class) JsonNode before,
    @Schema(nullable = true, implementation = Map.class) JsonNode after,
    @Schema(nullable = true, implementation = Map.class) JsonNode details,
    @Schema(nullable = true) String workflowId,
    @Schema(nullable = true) String runId,
    @Schema(nullable = true) String requestId,
    String prevHash,
    String hash) {

  public static AuditEventView of(AuditEventEntity row) {
    return new AuditEventView(
        row.seq,
        row.id,
        row.eventKey,
        row.occurredAt,
        row.actor,
        row.actorRoles,
        row.action,
        row.accountId,
        row.marginCallId,
        row.taskId,
        row.reason,
        AuditJson.parse(row.before),
        AuditJson.parse(row.after),
        AuditJson.parse(row.details),
        row.workflowId,
        row.runId,
        row.requestId,
        row.prevHash,
        row.hash);
  }
}
