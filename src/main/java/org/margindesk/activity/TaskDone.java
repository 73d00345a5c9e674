package org.margindesk.activity;

/**
 * @param evidenceJson JSON text, or null
 * @param approvedBy the approving supervisor of a four-eyes task, or null
 * @param claimRequired whether {@code actor} must still hold the task (see TaskRules)
 */
public record TaskDone(
    String taskId,
    String callId,
    String accountId,
    String actor,
    String note,
    String evidenceJson,
    String approvedBy,
    boolean claimRequired) {

  /** A completion that does not come through the task service. */
  public TaskDone(
      String taskId,
      String callId,
      String accountId,
      String actor,
      String note,
      String evidenceJson) {
    this(taskId, callId, accountId, actor, note, evidenceJson, null, false);
  }
}
