package org.margindesk.workflow.messages.commands;

/**
 * A supervisor approves or rejects a pending waiver request.
 *
 * @param reason required to reject, optional to approve
 */
public record WaiverDecision(String waiverId, String actor, String reason) {}
