package org.margindesk.domain;

/** The outcome of evaluating an account's risk against its Margin+ policy. */
public enum Assessment {
  HEALTHY,
  MARGIN_CALL,
  LIQUIDATION;

  /** Higher is worse; lets callers compare severities without listing cases. */
  public int severity() {
    return ordinal();
  }
}
