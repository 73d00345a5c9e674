package org.margindesk.ingest;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import org.margindesk.domain.Ratio;

/**
 * One observation of an account's risk, whatever its source. Either value may be null: the account
 * then keeps its last known value.
 *
 * @param maintenanceMarginRatio exact: a Binance MMR is a quotient with no finite decimal in
 *     general
 * @param eventId the native feed's id; null for Binance events
 * @param exchange the Binance dedupe key; null for native snapshots
 * @param rawPayload the body exactly as received, for Binance events
 */
public record RiskSnapshot(
    SnapshotSource source,
    String eventId,
    ExchangeEventKey exchange,
    Instant asOf,
    BigDecimal collateralBalance,
    Ratio maintenanceMarginRatio,
    String rawPayload) {

  /** A Binance event is the same event when (alias, e, E, T) are equal; T is null for some. */
  public record ExchangeEventKey(
      String alias, String eventType, long eventTime, Long transactionTime) {}

  public RiskSnapshot {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(asOf, "asOf");
  }
}
