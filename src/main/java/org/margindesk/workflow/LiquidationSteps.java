package org.margindesk.workflow;

import org.margindesk.activity.NotificationType;
import org.margindesk.domain.CallStatus;
import org.margindesk.domain.LiquidationStep;
import org.margindesk.domain.StepMode;
import org.margindesk.workflow.messages.commands.CallInput;
import org.margindesk.workflow.messages.values.CallOutcome;

/**
 * The five liquidation steps of seed 004, in order from wherever the call is: an automatic step
 * acts on the exchange, a manual one waits for its operator task. A cure arriving meanwhile is
 * audited, but never stops them. Deterministic workflow code, run from the workflow's main method.
 */
final class LiquidationSteps {
  private final CallInput input;
  private final CallPosition call;
  private final CallKeys keys;
  private final CallEffects effects;
  private final OperatorTasks tasks;

  LiquidationSteps(
      CallInput input, CallPosition call, CallKeys keys, CallEffects effects, OperatorTasks tasks) {
    this.input = input;
    this.call = call;
    this.keys = keys;
    this.effects = effects;
    this.tasks = tasks;
  }

  /** Runs the steps from the call's current one on, cancels the facility and ends the call. */
  CallOutcome run() {
    CureDuringLiquidation cure = effects.cureDuringLiquidation();
    boolean starting = effects.startsLiquidationTogether();
    if (!starting) {
      effects.notify("liquidation-started", NotificationType.LIQUIDATION_STARTED);
    }
    LiquidationStep from =
        call.currentStep == null ? LiquidationStep.values()[0] : call.currentStep;
    for (LiquidationStep step : from.fromHere()) {
      call.currentStep = step;
      Progress started =
          effects
              .progress(keys.step(step, "started"), "LIQUIDATION_STEP_STARTED")
              .because(step.number() + " " + step.name());
      boolean manual = step.modeIn(input.stepModes()) == StepMode.MANUAL;
      Progress withTask = null;
      if (starting) {
        effects.startLiquidation(started);
        starting = false;
      } else {
        cure.noteIfArrived();
        if (manual && effects.startsLiquidationTogether()) {
          // Recorded in the transaction that opens the step's task: one activity, not two.
          withTask = started;
        } else {
          started.record();
        }
      }
      if (manual) {
        tasks.awaitStep(step, cure, withTask);
      } else {
        effects.runAutomatically(step);
      }
    }
    cure.noteIfArrived();
    effects.cancelFacility();
    call.status = CallStatus.LIQUIDATED;
    String outcome = "liquidated" + (cure.arrived() ? " (a cure arrived during liquidation)" : "");
    effects
        .progress(keys.status("liquidated"), "CALL_LIQUIDATED")
        .moved(CallStatus.LIQUIDATING, call.status)
        .closing(outcome)
        .record();
    effects.notify("liquidation-completed", NotificationType.LIQUIDATION_COMPLETED);
    return new CallOutcome(input.callId(), call.status, outcome);
  }
}
