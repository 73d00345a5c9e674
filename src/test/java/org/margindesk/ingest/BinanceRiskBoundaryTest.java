package org.margindesk.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.margindesk.domain.Assessment;
import org.margindesk.domain.MarginPlusPolicy;
import org.margindesk.domain.PolicyThresholds;

/**
 * Binance-derived figures one unit of the last place around every level. An MMR is a quotient, so
 * it may have more places than any column, or none that end (14.99999999 / 3).
 */
class BinanceRiskBoundaryTest {
  private static final BigDecimal M_PLUS = new BigDecimal("1000.00000001");
  private static final PolicyThresholds SEED = PolicyThresholds.seedDefaults();

  @ParameterizedTest(name = "(cw {0} + up {1}) / mm {2} -> {3}")
  @CsvSource({
    // The liquidation level, 5.
    "4.999999995, 0, 1, LIQUIDATION",
    "5, 0, 1, MARGIN_CALL",
    "5.000000005, 0, 1, MARGIN_CALL",
    "14.99999999, 0, 3, LIQUIDATION",
    "15, 0, 3, MARGIN_CALL",
    "15.00000001, 0, 3, MARGIN_CALL",
    "20, -5.00000001, 3, LIQUIDATION",
    // The margin-call level, 10.
    "9.999999995, 0, 1, MARGIN_CALL",
    "10, 0, 1, HEALTHY",
    "10.000000005, 0, 1, HEALTHY",
    "29.99999999, 0, 3, MARGIN_CALL",
    "30, 0, 3, HEALTHY",
    "30.00000001, 0, 3, HEALTHY"
  })
  void givenAMarginCallWhoseMmrIsOneUnitAroundALevel_whenEvaluated_thenComparedExactly(
      String crossWallet, String unrealized, String maintenance, Assessment expected) {
    BinanceEvent.MarginCall call =
        new BinanceEvent.MarginCall(
            "alias",
            1L,
            new BigDecimal(crossWallet),
            List.of(
                new BinanceEvent.Position(
                    "BTCUSD_200925",
                    false,
                    null,
                    new BigDecimal(unrealized),
                    new BigDecimal(maintenance))));

    RiskSnapshot snapshot = BinanceRiskMapping.toSnapshot(call, "USDT", "{}");

    assertThat(
            MarginPlusPolicy.evaluate(M_PLUS, SEED, null, snapshot.maintenanceMarginRatio())
                .assessment())
        .isEqualTo(expected);
  }

  @ParameterizedTest(name = "wb {0} -> {1}")
  @CsvSource({
    // 125% of M+ is 1250.0000000125; 110% is 1100.000000011. wb has at most 8 places.
    "1250.00000001, MARGIN_CALL",
    "1250.00000002, HEALTHY",
    "1100.00000001, LIQUIDATION",
    "1100.00000002, MARGIN_CALL"
  })
  void givenAnAccountUpdateOneUnitAroundALevel_whenEvaluated_thenComparedExactly(
      String walletBalance, Assessment expected) {
    BinanceEvent.AccountUpdate update =
        new BinanceEvent.AccountUpdate(
            "alias",
            1L,
            1L,
            List.of(new BinanceEvent.Balance("USDT", new BigDecimal(walletBalance))));

    RiskSnapshot snapshot = BinanceRiskMapping.toSnapshot(update, "USDT", "{}");

    assertThat(
            MarginPlusPolicy.evaluate(M_PLUS, SEED, snapshot.collateralBalance(), null)
                .assessment())
        .isEqualTo(expected);
  }
}
