package org.margindesk.activity;

public enum NotificationType {
  CALL_OPENED,
  REMINDER,
  CALL_CURED,
  LIQUIDATION_STARTED,
  LIQUIDATION_COMPLETED
}
