package org.margindesk.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One step in a margin call's history, as the audit trail recorded it.
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
