package org.margindesk.notification;

/** Who a notification is for; the channels pick the address from it. */
public enum Recipient {
  /** The holder of the account: the facility's contact address, and the exchange's webhook. */
  ACCOUNT_HOLDER,
  /** The supervisors: the configured supervisor addresses, and the exchange's webhook. */
  SUPERVISORS
}
