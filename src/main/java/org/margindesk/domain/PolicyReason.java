package org.margindesk.domain;

import java.math.BigDecimal;

/** One rule that fired: which, the threshold it compares against, and the observed value. */
public record PolicyReason(PolicyRule rule, BigDecimal threshold, BigDecimal value) {
  public Assessment outcome() {
    return rule.outcome();
  }

  public String describe() {
    return switch (rule) {
      case CAB_BELOW_MIN_TOP_UP ->
          "collateral balance "
              + Money.plain(value)
              + " is below the minimum top-up balance "
              + Money.plain(threshold);
      case CAB_BELOW_TERMINATION ->
          "collateral balance "
              + Money.plain(value)
              + " is below the termination amount "
              + Money.plain(threshold);
      case MMR_BELOW_MARGIN_CALL ->
          "maintenance margin ratio " + Money.plain(value) + " is below " + Money.plain(threshold);
      case MMR_BELOW_LIQUIDATION ->
          "maintenance margin ratio " + Money.plain(value) + " is below " + Money.plain(threshold);
    };
  }
}
