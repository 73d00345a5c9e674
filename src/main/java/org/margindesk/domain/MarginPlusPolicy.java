package org.margindesk.domain;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Evaluates an account's risk against the Margin+ policy (seed 004). "Falls below" means strictly
 * less than: a balance exactly at the minimum top-up level is healthy.
 *
 * <p>Every comparison is exact. A level is M+ × a ratio with all its places (1.25 × 1000.00000001
 * is 1250.0000000125), and an MMR is compared through its terms, so no figure is rounded onto or
 * across a level before it is compared; rounding is for what people are shown.
 */
public final class MarginPlusPolicy {
  private MarginPlusPolicy() {}

  /**
   * @param collateralBalance CAB, or null when unknown
   * @param maintenanceMarginRatio MMR, or null when unknown
   */
  public static PolicyEvaluation evaluate(
      BigDecimal marginPlusAmount,
      PolicyThresholds thresholds,
      BigDecimal collateralBalance,
      Ratio maintenanceMarginRatio) {
    Objects.requireNonNull(marginPlusAmount, "marginPlusAmount");
    Objects.requireNonNull(thresholds, "thresholds");
    List<PolicyReason> reasons = new ArrayList<>();
    if (collateralBalance != null) {
      BigDecimal termination = thresholds.terminationLevel(marginPlusAmount);
      BigDecimal minTopUp = thresholds.minTopUpLevel(marginPlusAmount);
      if (collateralBalance.compareTo(termination) < 0) {
        reasons.add(
            new PolicyReason(PolicyRule.CAB_BELOW_TERMINATION, termination, collateralBalance));
      }
      if (collateralBalance.compareTo(minTopUp) < 0) {
        reasons.add(new PolicyReason(PolicyRule.CAB_BELOW_MIN_TOP_UP, minTopUp, collateralBalance));
      }
    }
    if (maintenanceMarginRatio != null) {
      if (maintenanceMarginRatio.isBelow(thresholds.mmrLiquidation())) {
        reasons.add(
            new PolicyReason(
                PolicyRule.MMR_BELOW_LIQUIDATION,
                thresholds.mmrLiquidation(),
                maintenanceMarginRatio.rounded()));
      }
      if (maintenanceMarginRatio.isBelow(thresholds.mmrMarginCall())) {
        reasons.add(
            new PolicyReason(
                PolicyRule.MMR_BELOW_MARGIN_CALL,
                thresholds.mmrMarginCall(),
                maintenanceMarginRatio.rounded()));
      }
    }
    reasons.sort(Comparator.comparing((PolicyReason r) -> r.outcome().severity()).reversed());
    Assessment assessment = reasons.isEmpty() ? Assessment.HEALTHY : reasons.get(0).outcome();
    return new PolicyEvaluation(assessment, reasons);
  }

  /**
   * How much CAB must rise to reach the minimum top-up level; zero when already there. Rounded up
   * to 8 places, so that topping up the amount shown is always enough.
   */
  public static BigDecimal shortfallToMinTopUp(
      BigDecimal marginPlusAmount, PolicyThresholds thresholds, BigDecimal collateralBalance) {
    if (collateralBalance == null) {
      return BigDecimal.ZERO;
    }
    return Money.roundedUp(
        thresholds
            .minTopUpLevel(marginPlusAmount)
            .subtract(collateralBalance)
            .max(BigDecimal.ZERO));
  }
}
