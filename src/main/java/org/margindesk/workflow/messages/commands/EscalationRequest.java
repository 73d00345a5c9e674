package org.margindesk.workflow.messages.commands;

/** A supervisor starts liquidation now, without waiting for the deadline. */
public record EscalationRequest(String actor, String reason) {}
