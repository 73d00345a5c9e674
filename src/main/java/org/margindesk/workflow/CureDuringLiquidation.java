package org.margindesk.workflow;

import org.margindesk.activity.AuditEntry;
import org.margindesk.activity.CallRecordActivities;
import org.margindesk.workflow.messages.commands.CallInput;

/**
 * A cure that reaches a call already liquidating: it never stops liquidation (seed 004: liquidation
 * is final), but the trail shows it once, as soon as the call gets to it.
 */
final class CureDuringLiquidation {
  private final CallRecordActivities records;
  private final CallInput input;
  private final CallKeys keys;
  private boolean arrived;
  private boolean noted;

  CureDuringLiquidation(CallRecordActivities records, CallInput input, CallKeys keys) {
    this.records = records;
    this.input = input;
    this.keys = keys;
  }

  /** Called from the signal handler; the audit waits for the workflow's own thread. */
  void arrive() {
    arrived = true;
  }

  boolean arrived() {
    return arrived;
  }

  /** Whether a cure has arrived that the trail does not show yet. */
  boolean awaitsNote() {
    return arrived && !noted;
  }

  void noteIfArrived() {
    if (awaitsNote()) {
      records.audit(
          new AuditEntry(
              keys.status("cure-during-liquidation"),
              MarginCallWorkflowImpl.SYSTEM,
              "CURE_DURING_LIQUIDATION",
              input.callId(),
              input.accountId(),
              null,
              "the account recovered during liquidation; liquidation continues",
              null));
      noted = true;
    }
  }
}
