package org.margindesk.activity;

import org.margindesk.domain.Restriction;

/**
 * @param enabled for REDUCE_ONLY, true puts the account in reduce-only; for WITHDRAWALS and
 *     TRADING, true allows them
 */
public record RestrictionCommand(
    String idempotencyKey,
    String callId,
    String accountId,
    Restriction restriction,
    boolean enabled,
    String actor) {}
