package org.margindesk.activity;

import java.util.List;
import java.util.Map;
import org.margindesk.domain.CallStatus;
import org.margindesk.domain.LiquidationStep;

/** What a workflow hands the call-record activities as a call opens, for the activity tests. */
final class OpeningFixtures {
  private OpeningFixtures() {}

  static OpenedCall openedCall(String callId, String account, CallStatus status) {
    return new OpenedCall(
        callId,
        account,
        1,
        status,
        status == CallStatus.OPEN ? "MARGIN_CALL" : "LIQUIDATION",
        List.of("CAB below 125% of M+"),
        Map.of("minTopUpRatio", "1.25"),
        Map.of(),
        Map.of(),
        0L,
        1000L);
  }

  /** Liquidation's first records: the escalation, the first step's start, the holder's notice. */
  static CallChanges liquidationStart(String callId, String account) {
    String firstStep = LiquidationStep.DISABLE_TRADING_AND_WITHDRAWALS.name();
    return new CallChanges(
        List.of(
            escalation(callId, account),
            new CallProgress(
                callId + ":liquidation:" + firstStep + ":started",
                callId,
                account,
                null,
                null,
                firstStep,
                false,
                null,
                "system",
                "LIQUIDATION_STEP_STARTED",
                "1 " + firstStep)),
        new NotificationRequest(
            callId + ":notify:liquidation-started",
            NotificationType.LIQUIDATION_STARTED,
            callId,
            account,
            Map.of("status", "LIQUIDATING")));
  }

  /** The operator task of liquidation's second step, opened with that step's start. */
  static TaskRequest closeTask(String callId, String account) {
    return stepTask(callId, account, LiquidationStep.CLOSE_ALL_POSITIONS);
  }

  /** A manual step's operator task, opened with the step's start as the workflow keys them. */
  static TaskRequest stepTask(String callId, String account, LiquidationStep step) {
    return TaskRequest.forStep(
        callId + ":" + step.kebab(),
        step.name(),
        new CallProgress(
            callId + ":liquidation:" + step.kebab() + ":started",
            callId,
            account,
            null,
            null,
            step.name(),
            false,
            null,
            "system",
            "LIQUIDATION_STEP_STARTED",
            step.number() + " " + step.name()));
  }

  /** The call escalated at its deadline, moving to liquidation's first step. */
  static CallProgress escalation(String callId, String account) {
    return new CallProgress(
        callId + ":status:liquidating",
        callId,
        account,
        CallStatus.OPEN,
        CallStatus.LIQUIDATING,
        LiquidationStep.DISABLE_TRADING_AND_WITHDRAWALS.name(),
        false,
        null,
        "system",
        "CALL_ESCALATED_DEADLINE_EXPIRED",
        "expired");
  }

  static AuditEntry openedRecord(String callId, String account) {
    return new AuditEntry(
        callId + ":open:opened",
        "system",
        "CALL_OPENED",
        callId,
        account,
        null,
        "CAB below 125% of M+",
        null);
  }

  /** A margin call's opening, with the holder's notice and these restriction keys to look up. */
  static CallOpening marginCallOpening(String callId, String account, List<String> keys) {
    return new CallOpening(
        openedCall(callId, account, CallStatus.OPEN),
        new NotificationRequest(
            callId + ":notify:call-opened",
            NotificationType.CALL_OPENED,
            callId,
            account,
            Map.of("cab", "1200")),
        openedRecord(callId, account),
        keys);
  }

  /**
   * The opening of a call liquidated at once, with {@code start} as liquidation's first records.
   */
  static CallOpening liquidatingOpening(
      String callId, String account, List<String> keys, CallChanges start) {
    return new CallOpening(
            openedCall(callId, account, CallStatus.LIQUIDATING),
            null,
            openedRecord(callId, account),
            keys)
        .startingLiquidation(start);
  }
}
