package org.margindesk.gateway;

/** The restrictions the simulated exchange holds for one account. */
public record AccountControls(
    boolean reduceOnly, boolean withdrawalsEnabled, boolean tradingEnabled) {
  public static final AccountControls UNRESTRICTED = new AccountControls(false, true, true);
}
