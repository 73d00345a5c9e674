package org.margindesk.gateway;

import java.math.BigDecimal;
import java.util.List;
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

  /**
   * Sets many restrictions at once, answering each order in the order given; one that fails spoils
   * only itself. Ingestion's restrict-first path uses it for every breach of a batch.
   */
  List<RestrictionResult> setRestrictions(List<RestrictionOrder> orders);

  /**
   * Whether the exchange's state lives in the service's own database, so {@link #setRestrictions}
   * joins the caller's transaction and commits with it. A remote exchange must never be called with
   * a transaction open.
   */
  default boolean joinsTransactions() {
    return false;
  }
}
