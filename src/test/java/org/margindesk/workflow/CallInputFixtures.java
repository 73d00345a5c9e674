package org.margindesk.workflow;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.margindesk.domain.Assessment;
import org.margindesk.domain.LiquidationStep;
import org.margindesk.domain.StepMode;
import org.margindesk.workflow.messages.commands.CallInput;
import org.margindesk.workflow.messages.values.PolicyValues;

/** Workflow inputs as the port builds them, with the seed's policy. */
final class CallInputFixtures {
  static final Duration WINDOW = Duration.ofHours(12);
  static final List<Long> REMINDERS =
      List.of(Duration.ofHours(6).toMillis(), Duration.ofHours(1).toMillis());

  private CallInputFixtures() {}

  static CallInput input(String accountId, Assessment opening, long openedAt) {
    return input(accountId, opening, openedAt, LiquidationStep.defaultModes());
  }

  static CallInput input(
      String accountId, Assessment opening, long openedAt, Map<LiquidationStep, StepMode> modes) {
    return new CallInput(
        "margin-call-" + accountId + "-1",
        accountId,
        1,
        opening,
        List.of("collateral balance 12000 is below the minimum top-up balance 12500"),
        new PolicyValues(
            new BigDecimal("1.25"),
            new BigDecimal("1.10"),
            new BigDecimal("10"),
            new BigDecimal("5"),
            "PT12H",
            "PT12H"),
        Map.of(
            "marginPlusAmount", "10000",
            "asset", "USDT",
            "collateralBalance", "12000",
            "shortfallToMinTopUp", "500"),
        openedAt,
        openedAt + WINDOW.toMillis(),
        REMINDERS,
        modes,
        null);
  }

  static Map<LiquidationStep, StepMode> allAutomatic() {
    Map<LiquidationStep, StepMode> modes = new EnumMap<>(LiquidationStep.class);
    for (LiquidationStep step : LiquidationStep.values()) {
      modes.put(step, StepMode.AUTOMATIC);
    }
    return modes;
  }
}
