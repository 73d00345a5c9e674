package org.margindesk.notification;

/** The ways a notification leaves Margin Desk. */
public enum Channel {
  WEBHOOK,
  EMAIL,
  /** Always on: every notification is written to the service log, whatever else is enabled. */
  LOG
}
