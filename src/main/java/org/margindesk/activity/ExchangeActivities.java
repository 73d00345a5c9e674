package org.margindesk.activity;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Effects on the exchange, through the gateway. The idempotency key comes from the workflow, so a
 * retry of any of these performs nothing new.
 */
@ActivityInterface
public interface ExchangeActivities {
  /**
   * Sets one restriction (reduce-only, withdrawals, trading) and audits it.
   *
   * @return the exchange's result as JSON; for a restriction already on record, the recorded result
   *     (the same JSON, as PostgreSQL prints it), without asking the exchange again
   */
  @ActivityMethod
  String restrict(RestrictionCommand command);

  @ActivityMethod
  String closeAllPositions(ExchangeCommand command);

  /** Moves the facility's Margin+ amount back from the account. */
  @ActivityMethod
  String reclaimMarginPlus(ExchangeCommand command);
}
