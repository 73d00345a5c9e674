package org.margindesk.activity;

/**
 * @param evidenceJson JSON text, or null
 */
public record TaskDone(
    String taskId,
    String callId,
    String accountId,
    String actor,
    String note,
    String evidenceJson) {}
