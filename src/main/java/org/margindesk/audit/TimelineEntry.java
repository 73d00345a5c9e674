package org.margindesk.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One step in a margin call's or a task's history, as the audit trail recorded it. A view of its
 * own beside {@link AuditEventView} (the whole record, for the trail's API): a call's detail and a
 * task have always answered {@code at} for the record's {@code occurredAt}, so one record for both
 * would rename a field clients read.
 *
 * @param details the event's details document, or null
 */
public record TimelineEntry(
    long seq,
    Instant at,
    String actor,
    String action,
    @Schema(nullable = true) String reason,
    @Schema(nullable = true) String taskId,
    @Schema(nullable = true, implementation = Map.class) JsonNode details) {

  public static TimelineEntry of(AuditEventEntity row) {
    return new TimelineEntry(
        row.seq,
        row.occurredAt,
        row.actor,
        row.action,
        row.reason,
        row.taskId,
        AuditJson.parse(row.details));
  }
}
