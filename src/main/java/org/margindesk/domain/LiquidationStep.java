package org.margindesk.domain;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The five liquidation steps of seed 004, in the order they run. */
public enum LiquidationStep {
  DISABLE_TRADING_AND_WITHDRAWALS(StepMode.AUTOMATIC),
  CLOSE_ALL_POSITIONS(StepMode.MANUAL),
  RECLAIM_MARGIN_PLUS_FUNDS(StepMode.MANUAL),
  CANCEL_MARGIN_PLUS(StepMode.AUTOMATIC),
  RESTORE_ACCOUNT_CONTROL(StepMode.AUTOMATIC);

  private final StepMode defaultMode;

  LiquidationStep(StepMode defaultMode) {
    this.defaultMode = defaultMode;
  }

  public StepMode defaultMode() {
    return defaultMode;
  }

  /** The name used in configuration keys, e.g. {@code close-all-positions}. */
  public String kebab() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** 1-based position, as the seed numbers them. */
  public int number() {
    return ordinal() + 1;
  }

  /** This step and every later one: where a liquidation resumes. */
  public List<LiquidationStep> fromHere() {
    return List.of(values()).subList(ordinal(), values().length);
  }

  public static Map<LiquidationStep, StepMode> defaultModes() {
    Map<LiquidationStep, StepMode> modes = new EnumMap<>(LiquidationStep.class);
    for (LiquidationStep step : values()) {
      modes.put(step, step.defaultMode);
    }
    return modes;
  }

  /** This step's mode in {@code modes}, its default where they leave it out. */
  public StepMode modeIn(Map<LiquidationStep, StepMode> modes) {
    return modes.getOrDefault(this, defaultMode);
  }

  /**
   * Whether a call that opens liquidating has its first step (trading and withdrawals disabled)
   * taken by ingestion, with the opening restrictions: only when nobody is to do it by hand. The
   * call's workflow then finds the step's restrictions on record and does not send them again.
   */
  public static boolean firstStepAtOpening(
      Assessment openingAssessment, Map<LiquidationStep, StepMode> modes) {
    return openingAssessment == Assessment.LIQUIDATION
        && DISABLE_TRADING_AND_WITHDRAWALS.modeIn(modes) == StepMode.AUTOMATIC;
  }
}
