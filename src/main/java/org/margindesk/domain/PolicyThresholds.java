package org.margindesk.domain;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;

/**
 * The effective policy of one facility: configuration defaults with any per-facility overrides
 * applied. Ratios are plain decimals (1.25 = 125%).
 */
public record PolicyThresholds(
    BigDecimal minTopUpRatio,
    BigDecimal terminationRatio,
    BigDecimal mmrMarginCall,
    BigDecimal mmrLiquidation,
    Duration remediationWindow,
    Duration maxExtension) {

  public PolicyThresholds {
    Objects.requireNonNull(minTopUpRatio, "minTopUpRatio");
    Objects.requireNonNull(terminationRatio, "terminationRatio");
    Objects.requireNonNull(mmrMarginCall, "mmrMarginCall");
    Objects.requireNonNull(mmrLiquidation, "mmrLiquidation");
    Objects.requireNonNull(remediationWindow, "remediationWindow");
    Objects.requireNonNull(maxExtension, "maxExtension");
    if (terminationRatio.compareTo(minTopUpRatio) > 0) {
      throw new IllegalArgumentException(
          "terminationRatio must not exceed minTopUpRatio, or a call could never be cured");
    }
    if (mmrLiquidation.compareTo(mmrMarginCall) > 0) {
      throw new IllegalArgumentException("mmrLiquidation must not exceed mmrMarginCall");
    }
    if (remediationWindow.isNegative() || remediationWindow.isZero()) {
      throw new IllegalArgumentException("remediationWindow must be positive");
    }
    if (maxExtension.isNegative()) {
      throw new IllegalArgumentException("maxExtension must not be negative");
    }
  }

  /** The seed's policy: 125% / 110% of M+, MMR 10 / 5, 12 hours, at most 12 hours more. */
  public static PolicyThresholds seedDefaults() {
    return new PolicyThresholds(
        new BigDecimal("1.25"),
        new BigDecimal("1.10"),
        new BigDecimal("10"),
        new BigDecimal("5"),
        Duration.ofHours(12),
        Duration.ofHours(12));
  }

  /** M+ × the top-up ratio, exactly (never rounded): what a CAB is compared with. */
  public BigDecimal minTopUpLevel(BigDecimal marginPlusAmount) {
    return marginPlusAmount.multiply(minTopUpRatio);
  }

  /** M+ × the termination ratio, exactly (never rounded): what a CAB is compared with. */
  public BigDecimal terminationLevel(BigDecimal marginPlusAmount) {
    return marginPlusAmount.multiply(terminationRatio);
  }

  /** For display: {@link #minTopUpLevel} as {@link Money#roundedUp} shows it. */
  public BigDecimal minTopUpBalance(BigDecimal marginPlusAmount) {
    return Money.roundedUp(minTopUpLevel(marginPlusAmount));
  }

  /** For display: {@link #terminationLevel} as {@link Money#roundedUp} shows it. */
  public BigDecimal terminationAmount(BigDecimal marginPlusAmount) {
    return Money.roundedUp(terminationLevel(marginPlusAmount));
  }
}
