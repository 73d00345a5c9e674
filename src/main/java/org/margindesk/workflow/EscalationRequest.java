package org.margindesk.workflow;

/** A supervisor starts liquidation now, without waiting for the deadline. */
public record EscalationRequest(String actor, String reason) {}
