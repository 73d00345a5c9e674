package org.margindesk.service;

/** What the exchange currently lets the account holder do. */
public record Restrictions(boolean reduceOnly, boolean withdrawalsEnabled, boolean tradingEnabled) {
  public static final Restrictions NONE = new Restrictions(false, true, true);
}
