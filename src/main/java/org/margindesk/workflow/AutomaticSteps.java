package org.margindesk.workflow;

import java.util.Set;
import org.margindesk.activity.CallRecordActivities;
import org.margindesk.activity.ExchangeActivities;
import org.margindesk.activity.ExchangeCommand;
import org.margindesk.activity.FacilityCancellation;
import org.margindesk.activity.RestrictionCommand;
import org.margindesk.domain.ExchangeEffect;
import org.margindesk.domain.LiquidationStep;
import org.margindesk.domain.Restriction;
import org.margindesk.workflow.messages.commands.CallInput;

/** What each liquidation step does when it runs automatically. */
final class AutomaticSteps {
  private final ExchangeActivities exchange;
  private final CallRecordActivities records;
  private final CallInput input;
  private final CallKeys keys;
  private final ExchangeRefusals refusals;
  private final Set<String> doneBefore;

  /**
   * @param doneBefore keys of restrictions found on record before the step (ingestion took a call
   *     that opened liquidating through its first step): not sent again
   */
  AutomaticSteps(
      ExchangeActivities exchange,
      CallRecordActivities records,
      CallInput input,
      CallKeys keys,
      ExchangeRefusals refusals,
      Set<String> doneBefore) {
    this.exchange = exchange;
    this.records = records;
    this.input = input;
    this.keys = keys;
    this.refusals = refusals;
    this.doneBefore = doneBefore;
  }

  void run(LiquidationStep step) {
    switch (step) {
      case DISABLE_TRADING_AND_WITHDRAWALS -> {
        restrict(step, Restriction.TRADING, false);
        restrict(step, Restriction.WITHDRAWALS, false);
      }
      case CLOSE_ALL_POSITIONS -> {
        ExchangeCommand command = command(step);
        refusals.run(
            command.idempotencyKey(),
            ExchangeEffect.CLOSE_ALL_POSITIONS,
            () -> exchange.closeAllPositions(command));
      }
      case RECLAIM_MARGIN_PLUS_FUNDS -> {
        ExchangeCommand command = command(step);
        refusals.run(
            command.idempotencyKey(),
            ExchangeEffect.RECLAIM_MARGIN_PLUS,
            () -> exchange.reclaimMarginPlus(command));
      }
      case CANCEL_MARGIN_PLUS ->
          records.cancelFacility(
              new FacilityCancellation(
                  keys.step(step, "effect"), input.callId(), input.accountId()));
      case RESTORE_ACCOUNT_CONTROL -> {
        restrict(step, Restriction.REDUCE_ONLY, false);
        restrict(step, Restriction.WITHDRAWALS, true);
        restrict(step, Restriction.TRADING, true);
      }
    }
  }

  private void restrict(LiquidationStep step, Restriction what, boolean enabled) {
    String key = keys.stepRestriction(step, what, enabled);
    if (doneBefore.contains(key)) {
      return;
    }
    refusals.restrict(
        exchange,
        new RestrictionCommand(
            key, input.callId(), input.accountId(), what, enabled, MarginCallWorkflowImpl.SYSTEM));
  }

  private ExchangeCommand command(LiquidationStep step) {
    return new ExchangeCommand(
        keys.step(step, "effect"),
        input.callId(),
        input.accountId(),
        MarginCallWorkflowImpl.SYSTEM);
  }
}
