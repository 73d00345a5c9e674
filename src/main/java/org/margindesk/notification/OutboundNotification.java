package org.margindesk.notification;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A notification as the channels see it during one attempt.
 *
 * @param holderEmail the facility's contact address at delivery time, or null
 */
public record OutboundNotification(
    UUID id,
    String type,
    Recipient recipient,
    String marginCallId,
    String accountId,
    Instant createdAt,
    int sendNo,
    Map<String, String> figures,
    String holderEmail) {}
