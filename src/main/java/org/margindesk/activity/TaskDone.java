package org.margindesk.activity;

/**
 * @param evidenceJson JSON text, or null
 * @param approvedBy the approving supervisor of a four-eyes task, or null
 * @param claimRequired whether {@code actor} must still hold the task (see TaskRules)
 * @param resolution how an EXCHANGE_REFUSED task was resolved (RETRY, DONE_BY_HAND); null for other
 *     tasks and in histories recorded before it existed
 */
public record TaskDone(
    String taskId,
    String callId,
    String accountId,
    String actor,
    String note,
    String evidenceJson,
    String approvedBy,
    boolean claimRequired,
    String resolution) {

  /** A completion that does not come through the task service. */
  public TaskDone(
      String taskId,
      String callId,
      String accountId,
      String actor,
      String note,
      String evidenceJson) {
    this(taskId, callId, accountId, actor, note, evidenceJson, null, false, null);
  }
}
