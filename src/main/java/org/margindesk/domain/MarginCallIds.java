package org.margindesk.domain;

/**
 * Identifiers derived from business keys. The call id is also the workflow id, so a second start
 * for the same call can never create a second workflow.
 */
public final class MarginCallIds {
  private MarginCallIds() {}

  public static String callId(String accountId, int callNumber) {
    if (callNumber < 1) {
      throw new IllegalArgumentException("call numbers start at 1");
    }
    return "margin-call-" + accountId + "-" + callNumber;
  }

  /** One task per call and step: a repeated task-creating activity finds the same row. */
  public static String taskId(String callId, LiquidationStep step) {
    return callId + ":" + step.kebab();
  }
}
