package org.margindesk.notification;

import java.util.Map;
import java.util.Objects;

/**
 * A notification to write to the outbox.
 *
 * @param key deterministic, e.g. {@code <callId>:notify:call-opened}; a second entry with the same
 *     key is not written again
 * @param type an activity.NotificationType or {@link SupervisorNoticeType} name
 * @param figures what a person needs to act (decimal strings, ISO-8601 times)
 */
public record OutboxEntry(
    String key,
    String type,
    Recipient recipient,
    String callId,
    String accountId,
    Map<String, String> figures) {

  public OutboxEntry {
    if (key == null || key.isBlank()) {
      throw new IllegalArgumentException("a notification needs a key");
    }
    if (type == null || type.isBlank() || type.length() > 32) {
      throw new IllegalArgumentException("a notification type is 1 to 32 characters: " + type);
    }
    Objects.requireNonNull(recipient, "recipient");
    if (callId == null || callId.isBlank() || accountId == null || accountId.isBlank()) {
      throw new IllegalArgumentException("a notification names its margin call and account");
    }
    figures = figures == null ? Map.of() : figures;
  }
}
