package org.margindesk.workflow;

import java.util.function.Consumer;
import org.margindesk.activity.CallProgress;
import org.margindesk.domain.CallStatus;
import org.margindesk.domain.LiquidationStep;
import org.margindesk.workflow.messages.commands.CallInput;

/**
 * Builds the {@link CallProgress} of one change to a call by naming its parts: a status change, a
 * step started, or both. Unnamed parts stay null (the activity keeps what the row has); the actor
 * is the system unless a person is named. {@link #record} hands it to the activity.
 */
final class Progress {
  private final CallInput input;
  private final Consumer<CallProgress> recorder;
  private final String eventKey;
  private final String action;
  private CallStatus from;
  private CallStatus to;
  private LiquidationStep step;
  private boolean closed;
  private String outcome;
  private String reason;
  private String actor = MarginCallWorkflowImpl.SYSTEM;

  private Progress(
      CallInput input, Consumer<CallProgress> recorder, String eventKey, String action) {
    this.input = input;
    this.recorder = recorder;
    this.eventKey = eventKey;
    this.action = action;
  }

  /**
   * @param eventKey the deterministic audit key, so a retried activity audits once
   * @param action the audit action, e.g. CALL_CURED
   */
  static Progress of(
      CallInput input, Consumer<CallProgress> recorder, String eventKey, String action) {
    return new Progress(input, recorder, eventKey, action);
  }

  Progress moved(CallStatus fromStatus, CallStatus toStatus) {
    from = fromStatus;
    to = toStatus;
    return this;
  }

  Progress atStep(LiquidationStep currentStep) {
    step = currentStep;
    return this;
  }

  /** The call ends with this change, with this outcome shown on it. */
  Progress closing(String callOutcome) {
    closed = true;
    outcome = callOutcome;
    return this;
  }

  Progress because(String why) {
    reason = why;
    return this;
  }

  Progress by(String person) {
    actor = person;
    return this;
  }

  void record() {
    recorder.accept(build());
  }

  /** The change as the activity takes it, to be recorded together with others. */
  CallProgress build() {
    return new CallProgress(
        eventKey,
        input.callId(),
        input.accountId(),
        from,
        to,
        step == null ? null : step.name(),
        closed,
        outcome,
        actor,
        action,
        reason);
  }
}
