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
              + plain(value)
              + " is below the minimum top-up balance "
              + plain(threshold);
      case CAB_BELOW_TERMINATION ->
          "collateral balance "
              + plain(value)
              + " is below the termination amount "
              + plain(threshold);
      case MMR_BELOW_MARGIN_CALL ->
          "maintenance margin ratio " + plain(value) + " is below " + plain(threshold);
      case MMR_BELOW_LIQUIDATION ->
          "maintenance margin ratio " + plain(value) + " is below " + plain(threshold);
    };
  }

  private static String plain(BigDecimal amount) {
    return amount.stripTrailingZeros().toPlainString();
  }
}
