package org.margindesk.activity;

/**
 * A granted deadline extension, as the workflow accepted it.
 *
 * @param eventKey deterministic audit key, so a retried activity records once
 * @param extendBy ISO-8601, e.g. PT6H
 * @param totalExtension every extension of the call so far, this one included (ISO-8601)
 */
public record ExtensionRecord(
    String eventKey,
    String extensionId,
    String callId,
    String accountId,
    String extendBy,
    long previousDeadlineMillis,
    long newDeadlineMillis,
    String totalExtension,
    String actor,
    String reason) {}
