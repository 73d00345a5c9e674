package org.margindesk.notification;

/** Notices for supervisors; account-holder types are activity.NotificationType. */
public enum SupervisorNoticeType {
  /** An operator task passed its SLA. */
  TASK_OVERDUE,
  /** A waiver was requested and needs a second supervisor. */
  WAIVER_REQUESTED,
  /** The account holder did not acknowledge a notification in time. */
  NOTIFICATION_UNACKNOWLEDGED,
  /** The exchange refused an effect of a call; an operator task (EXCHANGE_REFUSED) is open. */
  EXCHANGE_REFUSED
}
