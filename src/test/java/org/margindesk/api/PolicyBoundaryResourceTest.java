package org.margindesk.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.margindesk.api.IngestTestSupport.freshAccount;
import static org.margindesk.api.IngestTestSupport.post;
import static org.margindesk.api.IngestTestSupport.registerFacility;
import static org.margindesk.api.IngestTestSupport.snapshot;
import static org.margindesk.api.IngestTestSupport.stringWhere;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * Figures one unit of the last place from a level, through ingestion and PostgreSQL: what is stored
 * for display (8 places) must never be what a later decision is made on.
 */
@QuarkusTest
class PolicyBoundaryResourceTest {
  private static final String NATIVE = "/api/v1/risk-snapshots";
  private static final String BINANCE = "/api/v1/exchange-events/binance";
  // 125% of it is 1250.0000000125 and 110% is 1100.000000011: more places than a balance has.
  private static final String FINE_M_PLUS = "1000.00000001";

  @Inject AgroalDataSource dataSource;

  @Test
  void givenAFineMPlus_whenTheCabIsOneUnitUnderALevel_thenTheLevelFiresForBothSources() {
    String account = freshAccount();
    String alias = account + "-alias";
    registerFacility(account, alias, FINE_M_PLUS, "USDT");

    post(
            "feed",
            NATIVE,
            snapshot(account + "-1", account, "2026-11-22T10:00:00Z", "1250.00000002", null))
        .statusCode(202)
        .body("assessment", equalTo("HEALTHY"));
    post(
            "feed",
            NATIVE,
            snapshot(account + "-2", account, "2026-11-22T10:01:00Z", "1250.00000001", null))
        .statusCode(202)
        .body("assessment", equalTo("MARGIN_CALL"))
        .body("reasons[0].threshold", equalTo("1250.0000000125"));
    // 2026-11-22T11:00Z: after the native snapshots, so not stale, and in the past, since an event
    // dated beyond margin-desk.ingest.max-clock-skew is refused.
    post("feed", BINANCE, accountUpdate(alias, 1_795_345_200_000L, "1100.00000002"))
        .statusCode(202)
        .body("assessment", equalTo("MARGIN_CALL"));
    post("feed", BINANCE, accountUpdate(alias, 1_795_345_200_001L, "1100.00000001"))
        .statusCode(202)
        .body("assessment", equalTo("LIQUIDATION"))
        .body("reasons[0].threshold", equalTo("1100.000000011"));
  }

  @Test
  void givenAnMmrJustUnderTheLiquidationLevel_whenOnlyTheCabChangesLater_thenTheExactMmrDecides() {
    String account = freshAccount();
    String alias = account + "-alias";
    registerFacility(account, alias, FINE_M_PLUS, "USDT");

    // 14.99999999 / 3 = 4.99999999666…, which is 5.00000000 rounded half-even to 8 places.
    post("feed", BINANCE, marginCall(alias, 1_795_000_000_000L, "14.99999999", "3"))
        .statusCode(202)
        .body("assessment", equalTo("LIQUIDATION"))
        .body("reasons.rule", contains("MMR_BELOW_LIQUIDATION", "MMR_BELOW_MARGIN_CALL"))
        .body("reasons[0].value", equalTo("4.99999999"));
    assertThat(
            stringWhere(
                dataSource,
                "SELECT mmr_numerator || '/' || mmr_denominator FROM account_risk"
                    + " WHERE account_id = ?",
                account))
        .isEqualTo("14.99999999/3");
    // The account keeps its last MMR; the stored figure has 8 places, the decision may not.
    post("feed", BINANCE, accountUpdate(alias, 1_795_000_000_001L, "5000"))
        .statusCode(202)
        .body("assessment", equalTo("LIQUIDATION"))
        .body("reasons.rule", contains("MMR_BELOW_LIQUIDATION", "MMR_BELOW_MARGIN_CALL"));
    post("feed", NATIVE, snapshot(account + "-1", account, "2020-01-01T00:00:00Z", "5000", null))
        .statusCode(202)
        .body("stale", equalTo(true))
        .body("assessment", equalTo("LIQUIDATION"))
        .body("reasons.rule", contains("MMR_BELOW_LIQUIDATION", "MMR_BELOW_MARGIN_CALL"));

    // Just over the margin-call level; then a CAB-only update keeps it healthy.
    post("feed", BINANCE, marginCall(alias, 1_795_000_000_002L, "30.00000001", "3"))
        .statusCode(202)
        .body("assessment", equalTo("HEALTHY"));
    post("feed", BINANCE, accountUpdate(alias, 1_795_000_000_003L, "5000"))
        .statusCode(202)
        .body("assessment", equalTo("HEALTHY"));
    // And just under it: 29.99999999 / 3 is 10.00000000 rounded half-even.
    post("feed", BINANCE, marginCall(alias, 1_795_000_000_004L, "29.99999999", "3"))
        .statusCode(202)
        .body("assessment", equalTo("MARGIN_CALL"));
    post("feed", BINANCE, accountUpdate(alias, 1_795_000_000_005L, "5000"))
        .statusCode(202)
        .body("assessment", equalTo("MARGIN_CALL"));
  }

  private static String marginCall(
      String alias, long eventTime, String crossWallet, String maintenance) {
    return "{\"e\":\"MARGIN_CALL\",\"E\":"
        + eventTime
        + ",\"i\":\""
        + alias
        + "\",\"cw\":\""
        + crossWallet
        + "\",\"p\":[{\"s\":\"BTCUSD_200925\",\"ps\":\"LONG\",\"pa\":\"1\",\"mt\":\"CROSSED\","
        + "\"iw\":\"0\",\"mp\":\"9187.17\",\"up\":\"0\",\"mm\":\""
        + maintenance
        + "\"}]}";
  }

  private static String accountUpdate(String alias, long eventTime, String walletBalance) {
    return "{\"e\":\"ACCOUNT_UPDATE\",\"E\":"
        + eventTime
        + ",\"T\":"
        + eventTime
        + ",\"i\":\""
        + alias
        + "\",\"a\":{\"m\":\"ORDER\",\"B\":[{\"a\":\"USDT\",\"wb\":\""
        + walletBalance
        + "\",\"cw\":\"0\",\"bc\":\"0\"}],\"P\":[]}}";
  }
}
