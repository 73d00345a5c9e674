package org.margindesk.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One step in a margin call's history, as the audit trail recorded it. A view of its own beside
 * {@link AuditEventView} (the whole record, for the trail's API) and the task history's entry (four
 * fields): the call's detail has always answered these seven, with {@code at} for the record's
 * {@code occurredAt}, and merging the three would change what each endpoint answers.
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
    @Schema(nullable = true, implementation = Map.class) JsonNode details) {}
