package org.margindesk.domain;

/** The four rules of the Margin+ policy (seed 004). */
public enum PolicyRule {
  /** CAB below the minimum top-up balance (min-top-up-ratio × M+). */
  CAB_BELOW_MIN_TOP_UP(Assessment.MARGIN_CALL),
  /** MMR below mmr-margin-call. */
  MMR_BELOW_MARGIN_CALL(Assessment.MARGIN_CALL),
  /** CAB below the termination amount (termination-ratio × M+). */
  CAB_BELOW_TERMINATION(Assessment.LIQUIDATION),
  /** MMR below mmr-liquidation. */
  MMR_BELOW_LIQUIDATION(Assessment.LIQUIDATION);

  private final Assessment outcome;

  PolicyRule(Assessment outcome) {
    this.outcome = outcome;
  }

  public Assessment outcome() {
    return outcome;
  }
}
