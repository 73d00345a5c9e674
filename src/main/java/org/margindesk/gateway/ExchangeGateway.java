package org.margindesk.gateway;

import java.math.BigDecimal;
import org.margindesk.domain.Restriction;

/**
 * The port to the exchange. Every call carries an idempotency key: a repeated key performs nothing
 * new and returns the first call's result (JSON text).
 */
public interface ExchangeGateway {
  /**
   * @param enabled for REDUCE_ONLY, true restricts the account; for WITHDRAWALS and TRADING, true
   *     allows them
   */
  String setRestriction(
      String idempotencyKey, String accountId, Restriction restriction, boolean enabled);

  String closeAllPositions(String idempotencyKey, String accountId);

  /** Moves {@code amount} of {@code asset} from the account to {@code destination}. */
  String moveFunds(
      String idempotencyKey, String accountId, String asset, BigDecimal amount, String destination);

  /** What the exchange currently lets the account holder do; a read, so it needs no key. */
  AccountControls restrictions(String accountId);
}
