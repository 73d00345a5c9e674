package org.margindesk.ingest;

import java.math.BigDecimal;
import java.util.List;

/** The two Binance user-data-stream events that carry risk (seeds 000 and 002). */
public sealed interface BinanceEvent {
  String MARGIN_CALL = "MARGIN_CALL";
  String ACCOUNT_UPDATE = "ACCOUNT_UPDATE";

  /** The account alias {@code i}: our facility's exchangeAlias. */
  String alias();

  RiskSnapshot.ExchangeEventKey key();

  /**
   * @param crossWallet {@code cw}; Binance sends it only with a crossed-position margin call
   */
  record MarginCall(String alias, long eventTime, BigDecimal crossWallet, List<Position> positions)
      implements BinanceEvent {
    public MarginCall {
      positions = List.copyOf(positions);
    }

    @Override
    public RiskSnapshot.ExchangeEventKey key() {
      return new RiskSnapshot.ExchangeEventKey(alias, MARGIN_CALL, eventTime, null);
    }
  }

  /**
   * @param isolatedWallet {@code iw}
   * @param unrealizedPnl {@code up}, may be negative
   * @param maintenanceMargin {@code mm}
   */
  record Position(
      String symbol,
      boolean isolated,
      BigDecimal isolatedWallet,
      BigDecimal unrealizedPnl,
      BigDecimal maintenanceMargin) {}

  record AccountUpdate(String alias, long eventTime, Long transactionTime, List<Balance> balances)
      implements BinanceEvent {
    public AccountUpdate {
      balances = List.copyOf(balances);
    }

    @Override
    public RiskSnapshot.ExchangeEventKey key() {
      return new RiskSnapshot.ExchangeEventKey(alias, ACCOUNT_UPDATE, eventTime, transactionTime);
    }
  }

  /** One entry of {@code a.B}: asset {@code a} and wallet balance {@code wb}. */
  record Balance(String asset, BigDecimal walletBalance) {}
}
