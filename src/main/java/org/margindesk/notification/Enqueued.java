package org.margindesk.notification;

import java.util.UUID;

/**
 * @param id the notification's stable id
 * @param created false when the key was already in the outbox (a retry, a replay, a recovery)
 */
public record Enqueued(UUID id, boolean created) {}
