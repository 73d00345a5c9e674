package org.margindesk.workflow;

import org.margindesk.domain.LiquidationStep;

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

  String cure(String what) {
    return callId + ":cure:" + what;
  }

  String status(String what) {
    return callId + ":status:" + what;
  }

  String reminder(long offsetMillis) {
    return callId + ":reminder:" + java.time.Duration.ofMillis(offsetMillis);
  }

  /**
   * A reminder for a deadline that a supervisor moved: the deadline is part of the key, so the
   * reminders of the new deadline go out even though the old deadline's went out already.
   */
  String reminder(long offsetMillis, long deadlineMillis) {
    return reminder(offsetMillis) + ":" + java.time.Instant.ofEpochMilli(deadlineMillis);
  }

  String extension(String extensionId) {
    return callId + ":extension:" + extensionId;
  }

  String waiver(String waiverId, String what) {
    return callId + ":waiver:" + waiverId + ":" + what;
  }

  String waive(String what) {
    return callId + ":waive:" + what;
  }

  String notification(String what) {
    return callId + ":notify:" + what;
  }

  String step(LiquidationStep step, String what) {
    return callId + ":liquidation:" + step.kebab() + ":" + what;
  }
}
