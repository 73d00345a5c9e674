package org.margindesk.workflow.messages.values;

/** A waiver request waiting for a decision; carried across continue-as-new and recovery. */
public record PendingWaiver(
    String waiverId, String requestedBy, String reason, long requestedAtMillis) {}
