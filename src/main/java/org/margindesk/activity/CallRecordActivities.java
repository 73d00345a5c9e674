package org.margindesk.activity;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/** The margin_call read model and the audit trail. Every method is safe to repeat. */
@ActivityInterface
public interface CallRecordActivities {
  /** Inserts the call row if it is not there yet (the port usually inserted it already). */
  @ActivityMethod
  void recordOpened(OpenedCall call);

  /**
   * The whole opening in one transaction: {@link #recordOpened}, the holder's notice (if any) and
   * the audit record, each written only if it is not there yet; then, for a call that opens
   * liquidating, liquidation's first records as {@link #recordChanges} writes them.
   *
   * @return the opening's restriction keys that are not on record yet, in the order given: those
   *     the workflow must still send (a restriction on record was done, and its call marked, in the
   *     transaction that recorded it)
   */
  @ActivityMethod
  List<String> recordOpening(CallOpening opening);

  /**
   * {@link #recordOpening} for a call that opens liquidating, and then, in the same transaction,
   * its {@link CallOpening#nextStepTask} as {@link TaskActivities#openTask} opens it, if every
   * restriction key is on record. A call liquidated at once is then under an operator's eyes after
   * one activity instead of two.
   */
  @ActivityMethod
  LiquidatingOpened recordLiquidatingOpening(CallOpening opening);

  /** Moves the read model (status, current step, closedAt, outcome) and audits the change. */
  @ActivityMethod
  void recordProgress(CallProgress progress);

  /** {@link #recordProgress} for each change in order, then the notice, in one transaction. */
  @ActivityMethod
  void recordChanges(CallChanges changes);

  /** Sets the facility to CANCELLED (step 4 of liquidation, and the end of every liquidation). */
  @ActivityMethod
  void cancelFacility(FacilityCancellation cancellation);

  @ActivityMethod
  void audit(AuditEntry entry);
}
