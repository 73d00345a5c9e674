package org.margindesk.workflow;

import static org.margindesk.workflow.MarginCallWorkflowImpl.SYSTEM;

import org.margindesk.activity.NotificationType;
import org.margindesk.domain.CallStatus;
import org.margindesk.domain.LiquidationStep;
import org.margindesk.workflow.messages.values.PendingWaiver;

/**
 * How a call leaves OPEN: cured, waived, or escalated to liquidation; each with what goes with it
 * (restrictions lifted, the holder told, the change recorded, waiver requests still pending
 * closed). Deterministic workflow code, called only from the workflow's main method.
 */
final class Transitions {
  private final CallPosition call;
  private final CallKeys keys;
  private final CallEffects effects;
  private final SupervisorDecisions decisions;

  Transitions(
      CallPosition call, CallKeys keys, CallEffects effects, SupervisorDecisions decisions) {
    this.call = call;
    this.keys = keys;
    this.effects = effects;
    this.decisions = decisions;
  }

  /**
   * @param reasons why the account counts as recovered
   */
  void cure(String reasons) {
    call.leavingFor = CallStatus.CURED;
    effects.liftOpeningRestrictions("cure", SYSTEM);
    effects.notify("call-cured", NotificationType.CALL_CURED);
    call.moveTo(CallStatus.CURED);
    effects
        .progress(keys.status("cured"), "CALL_CURED")
        .moved(CallStatus.OPEN, call.status)
        .closing("cured")
        .because(reasons)
        .record();
    decisions.lapseAll("the call was cured before a decision");
  }

  /** Moves the call to liquidation: at the deadline, on a hard breach, or by a supervisor. */
  void escalate(String reason, String cause, String actor) {
    call.moveTo(CallStatus.LIQUIDATING);
    call.currentStep = LiquidationStep.values()[0];
    Progress escalation = escalation(reason, cause, actor);
    // Held back for liquidation's first activity unless a waiver's lapse would be recorded in
    // between, or a supervisor waits for the answer of an escalation that is not on record yet.
    if (effects.startsLiquidationTogether()
        && SYSTEM.equals(actor)
        && decisions.pendingWaivers().isEmpty()) {
      effects.recordWhenLiquidationStarts(escalation);
    } else {
      escalation.record();
    }
    decisions.lapseAll("the call was escalated to liquidation before a decision");
  }

  /** Keyed: a recovered call records it once, whether or not the lost run got this far. */
  void recordEscalation(String reason, String cause, String actor) {
    escalation(reason, cause, actor).record();
  }

  private Progress escalation(String reason, String cause, String actor) {
    return effects
        .progress(keys.status("liquidating"), "CALL_ESCALATED_" + cause)
        .moved(CallStatus.OPEN, call.status)
        .because(reason)
        .by(actor);
  }

  /**
   * Ends the call WAIVED on the approval a second supervisor gave: the decision is recorded, the
   * restrictions of the open step are lifted (as for a cure, under the approver's name), the holder
   * is told, and the call closes. The facility stays ACTIVE.
   *
   * @return the call's outcome
   */
  String waive(PendingWaiver waiver, String approver) {
    decisions.recordApproval();
    effects.liftOpeningRestrictions("waive", approver);
    call.moveTo(CallStatus.WAIVED);
    effects.notify("call-waived", NotificationType.CALL_WAIVED);
    String outcome = "waived: requested by " + waiver.requestedBy() + ", approved by " + approver;
    effects
        .progress(keys.status("waived"), "CALL_WAIVED")
        .moved(CallStatus.OPEN, call.status)
        .closing(outcome)
        .because(waiver.reason())
        .by(approver)
        .record();
    decisions.waiverApplied();
    return outcome;
  }
}
