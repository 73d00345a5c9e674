package org.margindesk.activity;

import java.util.Map;

/**
 * @param type the liquidation step's name, or EXCHANGE_REFUSED
 * @param details what the operator needs to see beyond the type (for a refusal: the exchange's
 *     answer, the effect and its idempotency key); null for none. Absent in histories recorded
 *     before it existed.
 * @param stepStarted the manual step's start, recorded first in the same transaction (as {@link
 *     CallRecordActivities#recordProgress} would); null when it is recorded apart. Absent in
 *     histories recorded before it existed.
 */
public record TaskRequest(
    String taskId,
    String callId,
    String accountId,
    String type,
    Map<String, String> details,
    CallProgress stepStarted) {

  public TaskRequest(String taskId, String callId, String accountId, String type) {
    this(taskId, callId, accountId, type, null, null);
  }

  public TaskRequest(
      String taskId, String callId, String accountId, String type, Map<String, String> details) {
    this(taskId, callId, accountId, type, details, null);
  }

  /** A manual step's task, opened in the transaction that records the step's start. */
  public static TaskRequest forStep(String taskId, String type, CallProgress stepStarted) {
    return new TaskRequest(
        taskId, stepStarted.callId(), stepStarted.accountId(), type, null, stepStarted);
  }
}
