package org.margindesk.service;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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
    Instant nextAttemptAt,
    Instant deliveredAt,
    Instant failedAt,
    String lastError,
    Instant acknowledgedAt,
    String acknowledgedBy,
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
      Integer statusCode,
      String error) {}
}
