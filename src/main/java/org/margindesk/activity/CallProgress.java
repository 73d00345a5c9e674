package org.margindesk.activity;

import org.margindesk.domain.CallStatus;

/**
 * One change to a call: its status, current step, or both.
 *
 * @param eventKey deterministic audit key, so a retried activity audits once
 * @param closed whether the call ends with this change (sets closedAt)
 * @param outcome free text shown on the call, or null to keep the current one
 */
public record CallProgress(
    String eventKey,
    String callId,
    String accountId,
    CallStatus fromStatus,
    CallStatus toStatus,
    String currentStep,
    boolean closed,
    String outcome,
    String actor,
    String action,
    String reason) {}
