package org.margindesk.activity;

/**
 * Everything the opening of a call writes, for one transaction: the read-model row, the holder's
 * notice and the CALL_OPENED record. One activity instead of three spares each call of a market
 * shock two round trips through the Temporal server and two workflow tasks.
 *
 * @param notice null for a call that opens liquidating: it gives no grace period to announce
 */
public record CallOpening(OpenedCall call, NotificationRequest notice, AuditEntry record) {}
