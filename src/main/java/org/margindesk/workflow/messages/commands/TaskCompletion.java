package org.margindesk.workflow.messages.commands;

import org.margindesk.domain.ExchangeRefusal;

/**
 * An operator task is done. The task service decides when a task counts as done (claimed by the
 * actor; for a four-eyes task, approved by a second person); the workflow only needs to hear that
 * it is, and its activity re-checks the task under its row lock before marking it done.
 *
 * @param actor who did the work
 * @param evidenceJson JSON text, or null
 * @param approvedBy the supervisor who approved the completion, for a task that needs approval;
 *     null otherwise. Absent in histories recorded before approvals existed.
 * @param claimRequired whether the actor must still hold the task; false for completions that do
 *     not come through the task service (and in histories recorded before it existed)
 * @param resolution how an EXCHANGE_REFUSED task is resolved; null for every other task (and in
 *     histories recorded before refusals became tasks)
 */
public record TaskCompletion(
    String taskId,
    String actor,
    String note,
    String evidenceJson,
    String approvedBy,
    boolean claimRequired,
    ExchangeRefusal.Resolution resolution) {

  public TaskCompletion(
      String taskId,
      String actor,
      String note,
      String evidenceJson,
      String approvedBy,
      boolean claimRequired) {
    this(taskId, actor, note, evidenceJson, approvedBy, claimRequired, null);
  }

  /** A completion sent straight to the workflow, not through the task service. */
  public TaskCompletion(String taskId, String actor, String note, String evidenceJson) {
    this(taskId, actor, note, evidenceJson, null, false, null);
  }
}
