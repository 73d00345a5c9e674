package org.margindesk.workflow;

import java.util.function.Consumer;
import org.margindesk.domain.LiquidationStep;
import org.margindesk.domain.StepMode;
import org.margindesk.workflow.messages.commands.CallInput;

/**
 * The five liquidation steps of seed 004, in order from wherever the call is: an automatic step
 * acts on the exchange, a manual one waits for its operator task. A cure arriving meanwhile is
 * audited, but never stops them. Deterministic workflow code.
 */
final class LiquidationSteps {
  private final CallInput input;
  private final CallKeys keys;
  private final CallEffects effects;
  private final OperatorTasks tasks;
  private final CureDuringLiquidation cure;

  LiquidationSteps(
      CallInput input,
      CallKeys keys,
      CallEffects effects,
      OperatorTasks tasks,
      CureDuringLiquidation cure) {
    this.input = input;
    this.keys = keys;
    this.effects = effects;
    this.tasks = tasks;
    this.cure = cure;
  }

  /**
   * Runs the steps from {@code from} on and cancels the facility.
   *
   * @param reached told of each step before anything of it happens, so the call's state names it
   */
  void run(LiquidationStep from, Consumer<LiquidationStep> reached) {
    for (LiquidationStep step : from.fromHere()) {
      reached.accept(step);
      cure.noteIfArrived();
      effects
          .progress(keys.step(step, "started"), "LIQUIDATION_STEP_STARTED")
          .because(step.number() + " " + step.name())
          .record();
      if (input.stepModes().getOrDefault(step, step.defaultMode()) == StepMode.AUTOMATIC) {
        effects.runAutomatically(step);
      } else {
        tasks.awaitStep(step, cure);
      }
    }
    cure.noteIfArrived();
    effects.cancelFacility();
  }
}
