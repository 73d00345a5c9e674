package org.margindesk.activity;

/**
 * A waiver request, as the workflow accepted it.
 *
 * @param eventKey deterministic audit key, so a retried activity records once
 */
public record WaiverRecord(
    String eventKey,
    String waiverId,
    String callId,
    String accountId,
    String requestedBy,
    String reason) {}
