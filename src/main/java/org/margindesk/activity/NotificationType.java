package org.margindesk.activity;

public enum NotificationType {
  CALL_OPENED,
  REMINDER,
  CALL_CURED,
  LIQUIDATION_STARTED,
  LIQUIDATION_COMPLETED,
  /**
   * A supervisor waived the call (with a second supervisor's approval); restrictions are lifted.
   */
  CALL_WAIVED
}
