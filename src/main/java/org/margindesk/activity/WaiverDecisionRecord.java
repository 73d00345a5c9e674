package org.margindesk.activity;

import org.margindesk.domain.WaiverStatus;

/**
 * The decision on a waiver request.
 *
 * @param status APPROVED or REJECTED
 * @param decidedBy a supervisor, or {@code system} when the call closed before anyone decided
 * @param reason why; may be null for an approval
 */
public record WaiverDecisionRecord(
    String eventKey,
    String waiverId,
    String callId,
    String accountId,
    WaiverStatus status,
    String decidedBy,
    String reason) {}
