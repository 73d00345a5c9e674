package org.margindesk.workflow.messages.values;

import org.margindesk.domain.LiquidationStep;

/** The answer to a task completion: which step it finished. */
public record TaskCompletionResult(String taskId, LiquidationStep step, String completedBy) {}
