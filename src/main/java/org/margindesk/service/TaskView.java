package org.margindesk.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.margindesk.audit.AuditJson;
import org.margindesk.audit.TimelineEntry;
import org.margindesk.domain.TaskRules;
import org.margindesk.persistence.OperatorTaskEntity;

/**
 * An operator task as the API shows it. {@code history} (the task's latest audit events, oldest
 * first, as a call's timeline shows them) is filled in for a single task and left out of lists.
 *
 * @param type the liquidation step, e.g. CLOSE_ALL_POSITIONS
 * @param needsApproval whether completing it takes a second person's approval (four-eyes)
 * @param evidence the JSON object the completer attached, or null
 * @param details why the task exists beyond its type, or null: for EXCHANGE_REFUSED, the effect,
 *     its idempotency key, the attempt and the exchange's answer
 * @param resolution how an EXCHANGE_REFUSED task was resolved (RETRY, DONE_BY_HAND), or null
 */
public record TaskView(
    String id,
    String marginCallId,
    String accountId,
    String type,
    String status,
    boolean needsApproval,
    @Schema(nullable = true) String assignee,
    @Schema(nullable = true, implementation = String.class, format = "date-time") Instant claimedAt,
    Instant createdAt,
    Instant dueAt,
    int escalationLevel,
    @Schema(nullable = true) String completedBy,
    @Schema(nullable = true, implementation = String.class, format = "date-time")
        Instant completedAt,
    @Schema(nullable = true) String approvedBy,
    @Schema(nullable = true) String note,
    @Schema(nullable = true, implementation = Map.class) JsonNode evidence,
    @Schema(
            nullable = true,
            implementation = Map.class,
            description =
                "For EXCHANGE_REFUSED: effect, idempotencyKey, attempt, failureType and"
                    + " exchangeAnswer; null for other tasks")
        JsonNode details,
    @Schema(
            nullable = true,
            enumeration = {"RETRY", "DONE_BY_HAND"})
        String resolution,
    @JsonInclude(JsonInclude.Include.NON_NULL) List<TimelineEntry> history) {

  static TaskView of(OperatorTaskEntity task, List<TimelineEntry> history) {
    return new TaskView(
        task.id,
        task.marginCallId,
        task.accountId,
        task.type,
        task.status.name(),
        TaskRules.needsApproval(task.type),
        task.assignee,
        task.claimedAt,
        task.createdAt,
        task.dueAt,
        task.escalationLevel,
        task.completedBy,
        task.completedAt,
        task.approvedBy,
        task.note,
        AuditJson.parse(task.evidence),
        AuditJson.parse(task.details),
        task.resolution,
        history);
  }
}
