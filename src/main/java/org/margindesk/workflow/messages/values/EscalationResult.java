package org.margindesk.workflow.messages.values;

import org.margindesk.domain.CallStatus;

/** The call's status once the escalation is recorded (LIQUIDATING). */
public record EscalationResult(String callId, CallStatus status) {}
