package org.margindesk.activity;

import java.util.Map;

/**
 * @param figures decimal strings and ISO-8601 times shown to the account holder
 */
public record NotificationRequest(
    String key,
    NotificationType type,
    String callId,
    String accountId,
    Map<String, String> figures) {}
