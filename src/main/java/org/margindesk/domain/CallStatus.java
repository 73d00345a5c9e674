package org.margindesk.domain;

import java.util.EnumSet;
import java.util.Set;

/** The status of a margin call, and which changes the lifecycle allows. */
public enum CallStatus {
  OPEN,
  LIQUIDATING,
  CURED,
  WAIVED,
  LIQUIDATED;

  /**
   * The status a call opens with: a first assessment of LIQUIDATION skips the grace period (seed
   * 004), anything else gives the holder the remediation window. The call's row and its workflow
   * both start from this.
   */
  public static CallStatus openingFor(Assessment firstAssessment) {
    return firstAssessment == Assessment.LIQUIDATION ? LIQUIDATING : OPEN;
  }

  /** Open calls are the ones a workflow must be driving. */
  public boolean isOpen() {
    return this == OPEN || this == LIQUIDATING;
  }

  public boolean canMoveTo(CallStatus next) {
    return allowedNext().contains(next);
  }

  private Set<CallStatus> allowedNext() {
    return switch (this) {
      case OPEN -> EnumSet.of(LIQUIDATING, CURED, WAIVED);
      // A cure during liquidation is noted but never stops it (seed 004: liquidation is final).
      case LIQUIDATING -> EnumSet.of(LIQUIDATED);
      case CURED, WAIVED, LIQUIDATED -> EnumSet.noneOf(CallStatus.class);
    };
  }
}
