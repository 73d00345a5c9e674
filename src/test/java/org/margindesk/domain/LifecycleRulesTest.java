package org.margindesk.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LifecycleRulesTest {
  @Test
  void givenTheSeed_whenListingSteps_thenFiveInOrderWithTheDefaultModes() {
    assertThat(LiquidationStep.values())
        .containsExactly(
            LiquidationStep.DISABLE_TRADING_AND_WITHDRAWALS,
            LiquidationStep.CLOSE_ALL_POSITIONS,
            LiquidationStep.RECLAIM_MARGIN_PLUS_FUNDS,
            LiquidationStep.CANCEL_MARGIN_PLUS,
            LiquidationStep.RESTORE_ACCOUNT_CONTROL);
    assertThat(LiquidationStep.defaultModes())
        .containsEntry(LiquidationStep.DISABLE_TRADING_AND_WITHDRAWALS, StepMode.AUTOMATIC)
        .containsEntry(LiquidationStep.CLOSE_ALL_POSITIONS, StepMode.MANUAL)
        .containsEntry(LiquidationStep.RECLAIM_MARGIN_PLUS_FUNDS, StepMode.MANUAL)
        .containsEntry(LiquidationStep.CANCEL_MARGIN_PLUS, StepMode.AUTOMATIC)
        .containsEntry(LiquidationStep.RESTORE_ACCOUNT_CONTROL, StepMode.AUTOMATIC);
    assertThat(LiquidationStep.CLOSE_ALL_POSITIONS.kebab()).isEqualTo("close-all-positions");
    assertThat(LiquidationStep.CLOSE_ALL_POSITIONS.number()).isEqualTo(2);
  }

  @Test
  void givenAStep_whenResuming_thenItAndTheLaterStepsRun() {
    assertThat(LiquidationStep.RECLAIM_MARGIN_PLUS_FUNDS.fromHere())
        .containsExactly(
            LiquidationStep.RECLAIM_MARGIN_PLUS_FUNDS,
            LiquidationStep.CANCEL_MARGIN_PLUS,
            LiquidationStep.RESTORE_ACCOUNT_CONTROL);
  }

  @Test
  void givenACallOpening_whenLiquidatingWithAnAutomaticFirstStep_thenOnlyThenIsItTakenAtOnce() {
    java.util.Map<LiquidationStep, StepMode> modes = LiquidationStep.defaultModes();
    assertThat(LiquidationStep.firstStepAtOpening(Assessment.LIQUIDATION, modes)).isTrue();
    assertThat(LiquidationStep.firstStepAtOpening(Assessment.LIQUIDATION, java.util.Map.of()))
        .isTrue();
    assertThat(LiquidationStep.firstStepAtOpening(Assessment.MARGIN_CALL, modes)).isFalse();
    modes.put(LiquidationStep.DISABLE_TRADING_AND_WITHDRAWALS, StepMode.MANUAL);
    assertThat(LiquidationStep.firstStepAtOpening(Assessment.LIQUIDATION, modes)).isFalse();
    assertThat(
            MarginCallIds.stepRestrictionKey(
                "margin-call-a-1",
                LiquidationStep.DISABLE_TRADING_AND_WITHDRAWALS,
                Restriction.TRADING,
                false))
        .isEqualTo("margin-call-a-1:liquidation:disable-trading-and-withdrawals:trading-off");
  }

  @Test
  void givenAFirstAssessment_whenACallOpens_thenOnlyLiquidationSkipsTheGracePeriod() {
    assertThat(CallStatus.openingFor(Assessment.MARGIN_CALL)).isEqualTo(CallStatus.OPEN);
    assertThat(CallStatus.openingFor(Assessment.LIQUIDATION)).isEqualTo(CallStatus.LIQUIDATING);
  }

  @Test
  void givenStatuses_whenMoving_thenOnlyTheLifecycleTransitionsAreAllowed() {
    assertThat(CallStatus.OPEN.canMoveTo(CallStatus.CURED)).isTrue();
    assertThat(CallStatus.OPEN.canMoveTo(CallStatus.LIQUIDATING)).isTrue();
    assertThat(CallStatus.OPEN.canMoveTo(CallStatus.WAIVED)).isTrue();
    assertThat(CallStatus.LIQUIDATING.canMoveTo(CallStatus.LIQUIDATED)).isTrue();
    assertThat(CallStatus.LIQUIDATING.canMoveTo(CallStatus.CURED))
        .as("a cure during liquidation does not stop it")
        .isFalse();
    assertThat(CallStatus.CURED.canMoveTo(CallStatus.OPEN)).isFalse();
    assertThat(CallStatus.LIQUIDATED.canMoveTo(CallStatus.LIQUIDATING)).isFalse();
    assertThat(CallStatus.LIQUIDATING.isOpen()).isTrue();
    assertThat(CallStatus.WAIVED.isOpen()).isFalse();
  }

  @Test
  void givenModeText_whenParsed_thenCaseIsIgnoredAndUnknownValuesAreNamed() {
    assertThat(StepMode.parse(" Manual ")).isEqualTo(StepMode.MANUAL);
    assertThat(StepMode.parse("automatic")).isEqualTo(StepMode.AUTOMATIC);
    assertThatThrownBy(() -> StepMode.parse("sometimes")).hasMessageContaining("'sometimes'");
  }

  @Test
  void givenAnAccountAndNumber_whenDerivingIds_thenTheyAreStableBusinessKeys() {
    assertThat(MarginCallIds.callId("acc-7", 3)).isEqualTo("margin-call-acc-7-3");
    assertThat(MarginCallIds.taskId("margin-call-acc-7-3", LiquidationStep.CLOSE_ALL_POSITIONS))
        .isEqualTo("margin-call-acc-7-3:close-all-positions");
    assertThatThrownBy(() -> MarginCallIds.callId("acc-7", 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
