package org.margindesk.domain;

import java.util.Locale;

/**
 * The effects a margin call asks of the exchange, by kind. Names a refused effect in its operator
 * task and in the {@code effect} tag of the refusal metric: few enough to register at boot.
 */
public enum ExchangeEffect {
  REDUCE_ONLY_ON,
  REDUCE_ONLY_OFF,
  WITHDRAWALS_ON,
  WITHDRAWALS_OFF,
  TRADING_ON,
  TRADING_OFF,
  CLOSE_ALL_POSITIONS,
  RECLAIM_MARGIN_PLUS;

  /** Setting {@code what} on or off. */
  public static ExchangeEffect of(Restriction what, boolean enabled) {
    return valueOf(what.name() + (enabled ? "_ON" : "_OFF"));
  }

  /** The tag value: lower case, e.g. {@code reduce_only_on}. */
  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }
}
