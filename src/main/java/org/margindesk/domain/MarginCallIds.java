package org.margindesk.domain;

import java.util.List;

/**
 * Identifiers derived from business keys. The call id is also the workflow id, so a second start
 * for the same call can never create a second workflow.
 */
public final class MarginCallIds {
  private MarginCallIds() {}

  public static String callId(String accountId, int callNumber) {
    if (callNumber < 1) {
      throw new IllegalArgumentException("call numbers start at 1");
    }
    return "margin-call-" + accountId + "-" + callNumber;
  }

  /** One task per call and step: a repeated task-creating activity finds the same row. */
  public static String taskId(String callId, LiquidationStep step) {
    return callId + ":" + step.kebab();
  }

  /**
   * The idempotency key (and audit event key) of one opening restriction, e.g. {@code
   * margin-call-acc-1-1:open:reduce-only-on}. Ingestion's restrict-first path and the workflow's
   * opening step use the same key, so the second of them finds the effect done.
   */
  public static String openingRestrictionKey(
      String callId, Restriction restriction, boolean enabled) {
    return restrictionKey(callId, "open", restriction, enabled);
  }

  /** The keys of a call's two opening restrictions: reduce-only on, withdrawals off. */
  public static List<String> openingRestrictionKeys(String callId) {
    return List.of(
        openingRestrictionKey(callId, Restriction.REDUCE_ONLY, true),
        openingRestrictionKey(callId, Restriction.WITHDRAWALS, false));
  }

  /**
   * The idempotency key (and audit event key) of one effect of a liquidation step, e.g. {@code
   * margin-call-acc-1-1:liquidation:disable-trading-and-withdrawals:trading-off}.
   */
  public static String stepKey(String callId, LiquidationStep step, String what) {
    return callId + ":liquidation:" + step.kebab() + ":" + what;
  }

  /** The key of a restriction set or lifted by a liquidation step. */
  public static String stepRestrictionKey(
      String callId, LiquidationStep step, Restriction restriction, boolean enabled) {
    return stepKey(callId, step, restriction.path() + (enabled ? "-on" : "-off"));
  }

  /**
   * The keys of the first liquidation step's two restrictions: trading off, withdrawals off. For a
   * call that opens liquidating, ingestion sends them with the opening ones.
   */
  public static List<String> firstStepRestrictionKeys(String callId) {
    LiquidationStep step = LiquidationStep.DISABLE_TRADING_AND_WITHDRAWALS;
    return List.of(
        stepRestrictionKey(callId, step, Restriction.TRADING, false),
        stepRestrictionKey(callId, step, Restriction.WITHDRAWALS, false));
  }

  /** The idempotency key of a restriction set or lifted in one phase of a call. */
  public static String restrictionKey(
      String callId, String phase, Restriction restriction, boolean enabled) {
    return callId + ":" + phase + ":" + restriction.path() + (enabled ? "-on" : "-off");
  }
}
