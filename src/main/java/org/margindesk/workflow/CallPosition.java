package org.margindesk.workflow;

import org.margindesk.domain.CallStatus;
import org.margindesk.domain.LiquidationStep;

/**
 * Where one call stands: its status, deadline and liquidation step. Only the workflow's main method
 * moves it (handlers merely commit to a {@link #leavingFor} status), so two changes can never race;
 * the helpers that build effects read it as it is at the moment of each effect.
 */
final class CallPosition {
  CallStatus status;
  long deadlineMillis;

  /** The liquidation step in progress; null before liquidation. */
  LiquidationStep currentStep;

  /**
   * The status the call is committed to while the main method is still getting there (a cure in
   * progress, an accepted escalation or waiver): validators judge by it, so nothing is accepted
   * that the call is about to stop allowing.
   */
  CallStatus leavingFor;

  /** The status validators judge by: where the call is going, once that is decided. */
  CallStatus current() {
    return leavingFor != null ? leavingFor : status;
  }

  /** Whether the call is OPEN and staying so: the opening restrictions matter only then. */
  boolean stillOpen() {
    return current() == CallStatus.OPEN;
  }

  void moveTo(CallStatus next) {
    status = next;
    leavingFor = null;
  }
}
