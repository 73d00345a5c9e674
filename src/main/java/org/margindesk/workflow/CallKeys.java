package org.margindesk.workflow;

import org.margindesk.domain.LiquidationStep;
import org.margindesk.domain.MarginCallIds;
import org.margindesk.domain.Restriction;

/**
 * Deterministic keys for every effect, notification and audit record of one call. The same key on a
 * retry, a replay or a recovered run is what makes each of them happen once.
 */
final class CallKeys {
  private final String callId;

  CallKeys(String callId) {
    this.callId = callId;
  }

  String open(String what) {
    return callId + ":open:" + what;
  }

  String status(String what) {
    return callId + ":status:" + what;
  }

  /** A reminder, by its {@link org.margindesk.domain.ReminderSchedule#name name}. */
  String reminder(String name) {
    return callId + ":reminder:" + name;
  }

  /**
   * A restriction set or lifted in one phase of the call ({@code open}, {@code cure}, {@code
   * waive}), e.g. {@code <callId>:cure:reduce-only-off}.
   */
  String restriction(String phase, Restriction restriction, boolean enabled) {
    return MarginCallIds.restrictionKey(callId, phase, restriction, enabled);
  }

  String extension(String extensionId) {
    return callId + ":extension:" + extensionId;
  }

  String waiver(String waiverId, String what) {
    return callId + ":waiver:" + waiverId + ":" + what;
  }

  String notification(String what) {
    return callId + ":notify:" + what;
  }

  String step(LiquidationStep step, String what) {
    return MarginCallIds.stepKey(callId, step, what);
  }

  /** A restriction set or lifted by a liquidation step. */
  String stepRestriction(LiquidationStep step, Restriction restriction, boolean enabled) {
    return MarginCallIds.stepRestrictionKey(callId, step, restriction, enabled);
  }
}
