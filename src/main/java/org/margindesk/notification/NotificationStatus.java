package org.margindesk.notification;

/** Where a notification stands; docs/notifications.md describes the moves between them. */
public enum NotificationStatus {
  /** Waiting for its first or next delivery attempt. */
  PENDING,
  /** Every channel that applies took it. */
  DELIVERED,
  /** A channel still refused it when the send reached the maximum age; no more attempts. */
  FAILED,
  /** The exchange relayed the holder's receipt; nothing more is sent. */
  ACKNOWLEDGED
}
