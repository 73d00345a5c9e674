package org.margindesk.activity;

import java.util.Map;

/**
 * @param type the liquidation step's name, or EXCHANGE_REFUSED
 * @param details what the operator needs to see beyond the type (for a refusal: the exchange's
 *     answer, the effect and its idempotency key); null for none. Absent in histories recorded
 *     before it existed.
 */
public record TaskRequest(
    String taskId, String callId, String accountId, String type, Map<String, String> details) {

  public TaskRequest(String taskId, String callId, String accountId, String type) {
    this(taskId, callId, accountId, type, null);
  }
}
