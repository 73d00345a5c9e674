package org.margindesk.workflow.messages.values;

import org.margindesk.domain.CallStatus;

/** How a call ended. */
public record CallOutcome(String callId, CallStatus status, String outcome) {}
