package org.margindesk.domain;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Evaluates an account's risk against the Margin+ policy (seed 004). "Falls below" means strictly
 * less than: a balance exactly at the minimum top-up level is healthy.
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
      BigDecimal maintenanceMarginRatio) {
    Objects.requireNonNull(marginPlusAmount, "marginPlusAmount");
    Objects.requireNonNull(thresholds, "thresholds");
    List<PolicyReason> reasons = new ArrayList<>();
    if (collateralBalance != null) {
      BigDecimal termination = thresholds.terminationAmount(marginPlusAmount);
      BigDecimal minTopUp = thresholds.minTopUpBalance(marginPlusAmount);
      if (collateralBalance.compareTo(termination) < 0) {
        reasons.add(
            new PolicyReason(PolicyRule.CAB_BELOW_TERMINATION, termination, collateralBalance));
      }
      if (collateralBalance.compareTo(minTopUp) < 0) {
        reasons.add(new PolicyReason(PolicyRule.CAB_BELOW_MIN_TOP_UP, minTopUp, collateralBalance));
      }
    }
    if (maintenanceMarginRatio != null) {
      if (maintenanceMarginRatio.compareTo(thresholds.mmrLiquidation()) < 0) {
        reasons.add(
            new PolicyReason(
                PolicyRule.MMR_BELOW_LIQUIDATION,
                thresholds.mmrLiquidation(),
                maintenanceMarginRatio));
      }
      if (maintenanceMarginRatio.compareTo(thresholds.mmrMarginCall()) < 0) {
        reasons.add(
            new PolicyReason(
                PolicyRule.MMR_BELOW_MARGIN_CALL,
                thresholds.mmrMarginCall(),
                maintenanceMarginRatio));
      }
    }
    reasons.sort(Comparator.comparing((PolicyReason r) -> r.outcome().severity()).reversed());
    Assessment assessment = reasons.isEmpty() ? Assessment.HEALTHY : reasons.get(0).outcome();
    return new PolicyEvaluation(assessment, reasons);
  }

  /** How much CAB must rise to reach the minimum top-up balance; zero when already there. */
  public static BigDecimal shortfallToMinTopUp(
      BigDecimal marginPlusAmount, PolicyThresholds thresholds, BigDecimal collateralBalance) {
    if (collateralBalance == null) {
      return BigDecimal.ZERO;
    }
    return Money.of(
        thresholds
            .minTopUpBalance(marginPlusAmount)
            .subtract(collateralBalance)
            .max(BigDecimal.ZERO));
  }
}
