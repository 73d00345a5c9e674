package org.margindesk.service;

import java.util.Set;
import org.margindesk.domain.LiquidationStep;
import org.margindesk.domain.TaskStatus;

/**
 * Which tasks a list wants; every non-null criterion must hold.
 *
 * @param statuses any of these, or null (or empty) for all
 * @param type the liquidation step a task is for, or null for every type
 */
public record TaskFilter(
    Set<TaskStatus> statuses,
    LiquidationStep type,
    String marginCallId,
    String accountId,
    String assignee) {

  /** Tasks in any of these statuses, with no other criterion. */
  public static TaskFilter inStatus(TaskStatus... statuses) {
    return new TaskFilter(Set.of(statuses), null, null, null, null);
  }
}
