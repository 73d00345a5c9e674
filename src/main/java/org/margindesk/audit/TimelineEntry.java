package org.margindesk.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

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
    String reason,
    String taskId,
    JsonNode details) {}
