package org.margindesk.activity;

import java.util.List;

/**
 * Several changes of one call that follow each other with nothing in between, for one transaction:
 * when liquidation starts, the escalation, the first step started and the holder's notice. One
 * activity instead of three spares each immediate liquidation of a market shock two local
 * activities, each a transaction and two hand-offs between the workflow's thread and the worker's.
 *
 * @param progress applied in this order, each as {@link CallRecordActivities#recordProgress} would
 * @param notice told to the holder once the changes are made; null for none
 */
public record CallChanges(List<CallProgress> progress, NotificationRequest notice) {
  public CallChanges {
    progress = List.copyOf(progress);
  }
}
