package org.margindesk.gateway;

import org.margindesk.domain.Restriction;

/**
 * One restriction to set at the exchange, keyed as the call's workflow keys it, so that whichever
 * of ingestion and the workflow comes second finds it done.
 */
public record RestrictionOrder(
    String idempotencyKey, String accountId, Restriction restriction, boolean enabled) {

  /**
   * The effect's name in the audit trail and the simulated exchange, e.g. {@code REDUCE_ONLY_ON}.
   */
  public String action() {
    return restriction.name() + (enabled ? "_ON" : "_OFF");
  }
}
