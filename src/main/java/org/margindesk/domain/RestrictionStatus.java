package org.margindesk.domain;

/** Whether a call's opening restrictions (reduce-only, withdrawals off) are confirmed. */
public enum RestrictionStatus {
  /** Both confirmed by the exchange (or, simulated, committed with the breach). */
  APPLIED,
  /** Not confirmed yet: the call's workflow keeps sending them until done or refused. */
  PENDING
}
