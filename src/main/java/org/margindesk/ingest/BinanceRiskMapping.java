package org.margindesk.ingest;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.margindesk.domain.Ratio;
import org.margindesk.domain.Refusal;

/**
 * Turns a Binance event into a risk snapshot (see docs/policy.md):
 *
 * <ul>
 *   <li>ACCOUNT_UPDATE: CAB = {@code wb} of the balance whose asset is the facility's asset.
 *   <li>MARGIN_CALL: MMR = (cw + Σ up) / Σ mm over the listed positions; without {@code cw} (an
 *       isolated-position call) Σ {@code iw} of the isolated positions stands in for cw.
 * </ul>
 *
 * The event time {@code E} is the snapshot's asOf.
 */
public final class BinanceRiskMapping {
  private BinanceRiskMapping() {}

  /**
   * @param facilityAsset the asset the facility's CAB is counted in (e.g. USDT)
   * @throws Refusal 422 when the event holds nothing we can evaluate, 400 when its MMR is beyond
   *     what can be stored
   */
  public static RiskSnapshot toSnapshot(BinanceEvent event, String facilityAsset, String raw) {
    Instant asOf = Instant.ofEpochMilli(event.key().eventTime());
    if (event instanceof BinanceEvent.AccountUpdate update) {
      return new RiskSnapshot(
          SnapshotSource.BINANCE,
          null,
          update.key(),
          asOf,
          walletBalance(update, facilityAsset),
          null,
          raw);
    }
    BinanceEvent.MarginCall call = (BinanceEvent.MarginCall) event;
    return new RiskSnapshot(
        SnapshotSource.BINANCE, null, call.key(), asOf, null, maintenanceMarginRatio(call), raw);
  }

  static BigDecimal walletBalance(BinanceEvent.AccountUpdate update, String facilityAsset) {
    return update.balances().stream()
        .filter(balance -> balance.asset().equalsIgnoreCase(facilityAsset))
        .map(BinanceEvent.Balance::walletBalance)
        .findFirst()
        .orElseThrow(
            () ->
                Refusal.unprocessableField(
                    "a.B",
                    "no balance for the facility's asset "
                        + facilityAsset
                        + "; the event carries no collateral balance for this account"));
  }

  /**
   * The MMR as its exact terms, never a rounded quotient: rounded to 8 places, 4.999999995 would
   * read 5 and not liquidate.
   */
  public static Ratio maintenanceMarginRatio(BinanceEvent.MarginCall call) {
    BigDecimal maintenance = BigDecimal.ZERO;
    BigDecimal unrealized = BigDecimal.ZERO;
    BigDecimal isolatedWallets = BigDecimal.ZERO;
    boolean anyIsolated = false;
    for (BinanceEvent.Position position : call.positions()) {
      maintenance = maintenance.add(position.maintenanceMargin());
      unrealized = unrealized.add(position.unrealizedPnl());
      if (position.isolated() && position.isolatedWallet() != null) {
        isolatedWallets = isolatedWallets.add(position.isolatedWallet());
        anyIsolated = true;
      }
    }
    if (maintenance.signum() == 0) {
      throw Refusal.unprocessableField(
          "p", "the positions' maintenance margin (mm) sums to zero, so the MMR is undefined");
    }
    BigDecimal wallet;
    if (call.crossWallet() != null) {
      wallet = call.crossWallet();
    } else if (anyIsolated) {
      wallet = isolatedWallets;
    } else {
      throw Refusal.unprocessableField(
          "cw", "is required unless the call lists isolated positions with an isolated wallet iw");
    }
    // mm is never negative and its sum is not zero, so the denominator is positive.
    Ratio ratio = new Ratio(wallet.add(unrealized), maintenance);
    // Each amount fits NUMERIC(38, 8), but a tiny mm can still make a ratio that does not.
    BigDecimal rounded = ratio.rounded();
    if (rounded.precision() - rounded.scale() > FieldReader.MAX_INTEGER_DIGITS) {
      String message =
          "the MMR these positions give, (cw + Σ up) / Σ mm, has more than "
              + FieldReader.MAX_INTEGER_DIGITS
              + " integer digits and cannot be stored";
      throw Refusal.invalid("p: " + message, List.of(new Refusal.FieldError("p", message)));
    }
    return ratio;
  }
}
