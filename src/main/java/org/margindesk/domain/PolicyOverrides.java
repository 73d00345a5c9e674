package org.margindesk.domain;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * A facility's own policy values; each null means "use the configured default". The one place where
 * defaults and overrides are merged.
 */
public record PolicyOverrides(
    BigDecimal minTopUpRatio,
    BigDecimal terminationRatio,
    BigDecimal mmrMarginCall,
    BigDecimal mmrLiquidation,
    Duration remediationWindow,
    Duration maxExtension) {

  /**
   * The bounds of a facility's own remediation window and extension allowance. Deadlines are
   * computed as instant plus duration: an unbounded override overflows there and breaks every
   * breach of the account, and a window shorter than a minute leaves nobody time to act.
   */
  public static final Duration MIN_REMEDIATION_WINDOW = Duration.ofMinutes(1);

  public static final Duration MAX_DURATION = Duration.ofDays(7);

  public static final PolicyOverrides NONE =
      new PolicyOverrides(null, null, null, null, null, null);

  /**
   * The effective policy.
   *
   * @throws IllegalArgumentException when the merged values are inconsistent (for example a
   *     termination ratio above the top-up ratio)
   */
  public PolicyThresholds applyTo(PolicyThresholds defaults) {
    return new PolicyThresholds(
        pick(minTopUpRatio, defaults.minTopUpRatio()),
        pick(terminationRatio, defaults.terminationRatio()),
        pick(mmrMarginCall, defaults.mmrMarginCall()),
        pick(mmrLiquidation, defaults.mmrLiquidation()),
        pick(remediationWindow, defaults.remediationWindow()),
        pick(maxExtension, defaults.maxExtension()));
  }

  private static <T> T pick(T override, T fallback) {
    return override != null ? override : fallback;
  }
}
