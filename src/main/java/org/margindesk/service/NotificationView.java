package org.margindesk.service;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A notification as the API shows it: what it said (type, figures), to whom, and how its delivery
 * went (status, every attempt, the acknowledgement).
 *
 * @param send 1 for the first send, 2 once it was sent again for want of an acknowledgement
 * @param nextAttemptAt when the dispatcher tries next; null when nothing is left to do
 */
public record NotificationView(
    UUID id,
    String type,
    String recipient,
    String marginCallId,
    String accountId,
    String status,
    Instant createdAt,
    Map<String, String> figures,
    int send,
    @Schema(nullable = true, implementation = String.class, format = "date-time")
        Instant nextAttemptAt,
    @Schema(nullable = true, implementation = String.class, format = "date-time")
        Instant deliveredAt,
    @Schema(nullable = true, implementation = String.class, format = "date-time") Instant failedAt,
    @Schema(nullable = true) String lastError,
    @Schema(nullable = true, implementation = String.class, format = "date-time")
        Instant acknowledgedAt,
    @Schema(nullable = true) String acknowledgedBy,
    List<Attempt> attempts) {

  /**
   * One delivery attempt.
   *
   * @param statusCode the HTTP status of a webhook attempt, else null
   */
  public record Attempt(
      String channel,
      int send,
      int attemptNo,
      Instant at,
      String outcome,
      @Schema(nullable = true) Integer statusCode,
      @Schema(nullable = true) String error) {}
}
