package org.margindesk.service;

import java.time.Instant;

/**
 * What supervisors are told. Implementations join the caller's transaction and write each notice
 * once per key, so a notice is stored together with the change it reports, or not at all.
 */
public interface SupervisorNotices {

  /** A task went overdue, or another SLA period passed without it being done. */
  void taskOverdue(OverdueTask task);

  record OverdueTask(
      String taskId,
      String marginCallId,
      String accountId,
      String type,
      Instant dueAt,
      int level,
      String assignee) {

    /** One notice per task and level: a repeated check finds the key taken. */
    public String key() {
      return "task-overdue:" + taskId + ":" + level;
    }
  }
}
