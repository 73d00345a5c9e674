package org.margindesk.workflow;

import java.util.List;
import org.margindesk.activity.NotificationType;
import org.margindesk.activity.TaskRequest;
import org.margindesk.domain.CallStatus;
import org.margindesk.domain.LiquidationStep;
import org.margindesk.domain.StepMode;
import org.margindesk.domain.TaskStatus;
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

  private Progress started(LiquidationStep step) {
    return effects
        .progress(keys.step(step, "started"), "LIQUIDATION_STEP_STARTED")
        .atStep(step)
        .because(step.number() + " " + step.name());
  }

  /**
   * The task of a manual step that follows an automatic first one, for liquidation's first records
   * to open with them if the first step needs nothing sent; null if the step is automatic.
   */
  private TaskRequest nextTask(LiquidationStep next) {
    if (next.modeIn(input.stepModes()) != StepMode.MANUAL) {
      return null;
    }
    return tasks.request(next, started(next));
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
    List<LiquidationStep> steps = from.fromHere();
    LiquidationStep openedWithStart = null;
    for (int i = 0; i < steps.size(); i++) {
      LiquidationStep step = steps.get(i);
      call.currentStep = step;
      Progress started = started(step);
      boolean manual = step.modeIn(input.stepModes()) == StepMode.MANUAL;
      Progress withTask = null;
      if (starting) {
        LiquidationStep next = manual || i + 1 == steps.size() ? null : steps.get(i + 1);
        TaskRequest nextTask = next == null ? null : nextTask(next);
        TaskStatus status = effects.startLiquidation(started, nextTask);
        if (status != null) {
          tasks.openedWith(nextTask, status);
          openedWithStart = next;
        }
        starting = false;
      } else {
        cure.noteIfArrived();
        // A step opened with liquidation's first records has its start and its task on record.
        boolean onRecord = step == openedWithStart;
        if (!onRecord && manual && effects.startsLiquidationTogether()) {
          // Recorded in the transaction that opens the step's task: one activity, not two.
          withTask = started;
        } else if (!onRecord) {
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
