package org.margindesk.workflow;

/**
 * An operator task is done. The REST layer decides when a task counts as done (claiming, four-eyes
 * approval); the workflow only needs to hear that it is.
 *
 * @param evidenceJson JSON text, or null
 */
public record TaskCompletion(String taskId, String actor, String note, String evidenceJson) {}
