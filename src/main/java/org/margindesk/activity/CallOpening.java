package org.margindesk.activity;

import java.util.List;

/**
 * Everything the opening of a call writes, for one transaction: the read-model row, the holder's
 * notice and the CALL_OPENED record; and the opening restrictions to look up. One activity instead
 * of five spares each call of a market shock two round trips through the Temporal server, two
 * workflow tasks, and (when ingestion restricted the account already) two more local activities.
 *
 * @param notice null for a call that opens liquidating: it gives no grace period to announce
 * @param restrictionKeys the idempotency keys of the opening restrictions (and, for a call that
 *     opens liquidating, of its first step's), to look up
 * @param liquidationStart for a call that opens liquidating, liquidation's first records (the
 *     escalation, the first step's start, the holder's notice), written after the opening's in the
 *     same transaction; null otherwise
 * @param nextStepTask for a call that opens liquidating, the operator task of the manual step after
 *     its first, opened in the same transaction after liquidation's first records, but only if
 *     every restriction key is on record (ingestion took the first step, so it sends nothing); null
 *     otherwise, and in histories recorded before it existed
 */
public record CallOpening(
    OpenedCall call,
    NotificationRequest notice,
    AuditEntry record,
    List<String> restrictionKeys,
    CallChanges liquidationStart,
    TaskRequest nextStepTask) {

  /** An opening with nothing after it in its transaction. */
  public CallOpening(
      OpenedCall call,
      NotificationRequest notice,
      AuditEntry record,
      List<String> restrictionKeys) {
    this(call, notice, record, restrictionKeys, null, null);
  }

  /** The same opening, with liquidation's first records after it. */
  public CallOpening startingLiquidation(CallChanges changes) {
    return new CallOpening(call, notice, record, restrictionKeys, changes, nextStepTask);
  }

  /** The same opening, opening this operator task last if the first step needs nothing sent. */
  public CallOpening openingTask(TaskRequest task) {
    return new CallOpening(call, notice, record, restrictionKeys, liquidationStart, task);
  }
}
