package org.margindesk.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.margindesk.api.IngestTestSupport.counts;
import static org.margindesk.api.IngestTestSupport.freshAccount;
import static org.margindesk.api.IngestTestSupport.post;
import static org.margindesk.api.IngestTestSupport.registerFacility;
import static org.margindesk.api.IngestTestSupport.stringWhere;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.margindesk.domain.Assessment;
import org.margindesk.ingest.Fixtures;
import org.margindesk.service.RecordingMarginCallLifecycle;

@QuarkusTest
class ExchangeEventResourceTest {
  private static final String PATH = "/api/v1/exchange-events/binance";

  @Inject AgroalDataSource dataSource;

  /** The seed payloads carry alias SfsR; each test gives its own facility a fresh alias. */
  private static String withAlias(String payload, String alias) {
    return payload.replace("\"SfsR\"", "\"" + alias + "\"");
  }

  private static String facility(String asset) {
    String account = freshAccount();
    registerFacility(account, account + "-alias", "10000", asset);
    return account;
  }

  @Test
  void givenSeed000_whenPosted_thenMmrIsComputedLiquidationOpensAndTheRawPayloadIsKept() {
    String account = facility("BTC");
    String raw = withAlias(Fixtures.read(Fixtures.MARGIN_CALL), account + "-alias");

    post("feed", PATH, raw)
        .statusCode(202)
        .body("assessment", equalTo("LIQUIDATION"))
        .body("reasons[0].rule", equalTo("MMR_BELOW_LIQUIDATION"))
        .body("reasons[0].value", equalTo("1.2400834"))
        .body("marginCallId", equalTo("margin-call-" + account + "-1"))
        .body("duplicate", equalTo(false));

    given()
        .auth()
        .preemptive()
        .basic("viewer", "viewer")
        .get("/api/v1/accounts/" + account)
        .then()
        .body("latestRisk.maintenanceMarginRatio", equalTo("1.2400834"))
        .body("latestRisk.collateralBalance", equalTo(null))
        .body("latestRisk.asOf", equalTo("2020-04-24T11:19:47.525Z"));
    assertThat(
            stringWhere(
                dataSource,
                "SELECT raw_payload FROM risk_snapshot WHERE account_id = ? AND source ="
                    + " 'BINANCE' AND exchange_event_type = 'MARGIN_CALL'"
                    + " AND exchange_transaction_time IS NULL",
                account))
        .isEqualTo(raw);
    assertThat(RecordingMarginCallLifecycle.changesFor(account)).hasSize(1);
    assertThat(RecordingMarginCallLifecycle.changesFor(account).get(0).current())
        .isEqualTo(Assessment.LIQUIDATION);

    // The same (i, e, E, T) again has no second effect.
    IngestTestSupport.Counts before = counts(dataSource);
    post("feed", PATH, raw).statusCode(202).body("duplicate", equalTo(true));
    assertThat(counts(dataSource)).isEqualTo(before);
    assertThat(RecordingMarginCallLifecycle.changesFor(account)).hasSize(1);
  }

  @Test
  void givenTheCorrectedSeed002_whenPosted_thenCabIsTheWalletBalanceOfTheFacilityAsset() {
    String account = facility("BTC");
    String raw = withAlias(Fixtures.read(Fixtures.ACCOUNT_UPDATE), account + "-alias");

    post("feed", PATH, raw)
        .statusCode(202)
        .body("assessment", equalTo("HEALTHY"))
        .body("stale", equalTo(false));

    given()
        .auth()
        .preemptive()
        .basic("viewer", "viewer")
        .get("/api/v1/accounts/" + account)
        .then()
        .body("latestRisk.collateralBalance", equalTo("122624.12345678"))
        .body("latestRisk.asOf", equalTo("2019-08-02T11:36:38.939Z"));
    post("feed", PATH, raw).statusCode(202).body("duplicate", equalTo(true));
  }

  @Test
  void givenAnAccountUpdateOlderThanTheMarginCall_whenPosted_thenOnlyAnOlderCabIsStale() {
    String account = facility("BTC");
    String alias = account + "-alias";
    post("feed", PATH, withAlias(Fixtures.read(Fixtures.MARGIN_CALL), alias)).statusCode(202);

    // Seed 002's E (2019) is older than seed 000's (2020), but it carries the CAB, which seed 000
    // does not: staleness is judged per figure, so its CAB applies and the MMR stays.
    String accountUpdate = withAlias(Fixtures.read(Fixtures.ACCOUNT_UPDATE), alias);
    post("feed", PATH, accountUpdate)
        .statusCode(202)
        .body("stale", equalTo(false))
        .body("assessment", equalTo("LIQUIDATION"));
    String cab =
        viewerGet("/api/v1/accounts/" + account).extract().path("latestRisk.collateralBalance");
    assertThat(cab).isNotNull();

    // An ACCOUNT_UPDATE older than that one is stale for the CAB and leaves it as it is.
    post(
            "feed",
            PATH,
            accountUpdate
                .replace("1564745798939", "1564745700000")
                .replace("1564745798938", "1564745699999"))
        .statusCode(202)
        .body("stale", equalTo(true));
    viewerGet("/api/v1/accounts/" + account).body("latestRisk.collateralBalance", equalTo(cab));
  }

  private static io.restassured.response.ValidatableResponse viewerGet(String path) {
    return given().auth().preemptive().basic("viewer", "viewer").get(path).then().statusCode(200);
  }

  @Test
  void givenTheMalformedSeed002_whenPosted_then400SayingWhereAndNothingStored() {
    String account = facility("BTC");
    IngestTestSupport.Counts before = counts(dataSource);

    post(
            "feed",
            PATH,
            withAlias(Fixtures.read(Fixtures.ACCOUNT_UPDATE_MALFORMED), account + "-alias"))
        .statusCode(400)
        .contentType("application/problem+json")
        .body("detail", containsString("line 50, column"))
        .body("errors[0].field", equalTo("body"))
        .body("errors[0].message", containsString("was expecting comma"));

    assertThat(counts(dataSource)).isEqualTo(before);
  }

  @Test
  void givenUnusableEvents_whenPosted_thenTheRightStatusAndNothingStored() {
    String account = facility("USDT");
    String alias = account + "-alias";
    IngestTestSupport.Counts before = counts(dataSource);

    post("feed", PATH, withAlias(Fixtures.read(Fixtures.MARGIN_CALL), "nobody-" + account))
        .statusCode(404)
        .contentType("application/problem+json");
    post("feed", PATH, "{\"e\":\"ORDER_TRADE_UPDATE\",\"E\":1,\"i\":\"" + alias + "\"}")
        .statusCode(422)
        .contentType("application/problem+json")
        .body("errors[0].field", equalTo("e"));
    // A USDT facility and an update that lists only BTC and ETH balances.
    post("feed", PATH, withAlias(Fixtures.read(Fixtures.ACCOUNT_UPDATE), alias))
        .statusCode(422)
        .body("errors[0].field", equalTo("a.B"));
    post(
            "feed",
            PATH,
            "{\"e\":\"MARGIN_CALL\",\"E\":5,\"i\":\""
                + alias
                + "\",\"cw\":\"1\",\"p\":[{\"mt\":\"CROSSED\",\"up\":\"0\",\"mm\":\"0\"}]}")
        .statusCode(422)
        .body("errors[0].field", equalTo("p"));
    post(
            "feed",
            PATH,
            "{\"e\":\"MARGIN_CALL\",\"E\":5,\"i\":\""
                + alias
                + "\",\"cw\":\"abc\",\"p\":[{\"mt\":\"CROSSED\",\"up\":\"0\",\"mm\":\"-1\"}]}")
        .statusCode(400)
        .body("errors.field", org.hamcrest.Matchers.hasItems("cw", "p[0].mm"));
    post("feed", PATH, "").statusCode(400).contentType("application/problem+json");
    given()
        .auth()
        .preemptive()
        .basic("feed", "feed")
        .contentType(ContentType.XML)
        .body("<e/>")
        .post(PATH)
        .then()
        .statusCode(415)
        .contentType("application/problem+json");
    post("operator", PATH, withAlias(Fixtures.read(Fixtures.MARGIN_CALL), alias)).statusCode(403);

    assertThat(counts(dataSource)).isEqualTo(before);
  }

  @Test
  void givenAmountsBeyondEightPlacesOrAnMmrBeyondNumeric_whenPosted_then400AndNothingStored() {
    String account = facility("BTC");
    String alias = account + "-alias";
    IngestTestSupport.Counts before = counts(dataSource);

    post(
            "feed",
            PATH,
            "{\"e\":\"MARGIN_CALL\",\"E\":6,\"i\":\""
                + alias
                + "\",\"cw\":\"3\",\"p\":[{\"mt\":\"CROSSED\",\"up\":\"0\",\"mm\":1e-29}]}")
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors.field", org.hamcrest.Matchers.contains("p[0].mm"));
    // Each amount fits, but 10^23 over 10^-8 has 32 integer digits: more than NUMERIC(38, 8) holds.
    post(
            "feed",
            PATH,
            "{\"e\":\"MARGIN_CALL\",\"E\":7,\"i\":\""
                + alias
                + "\",\"cw\":\"100000000000000000000000\","
                + "\"p\":[{\"mt\":\"CROSSED\",\"up\":\"0\",\"mm\":\"0.00000001\"}]}")
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors.field", org.hamcrest.Matchers.contains("p"));

    assertThat(counts(dataSource)).isEqualTo(before);
  }
}
