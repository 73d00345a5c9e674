package org.margindesk.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.margindesk.domain.Ratio;
import org.margindesk.domain.Refusal;

class BinanceEventParserTest {

  @Test
  void givenSeed000_whenParsed_thenTheMarginCallAndItsPositionAreRead() {
    BinanceEvent event =
        BinanceEventParser.parse(Fixtures.read(Fixtures.MARGIN_CALL), Fixtures.CLOCK);

    assertThat(event).isInstanceOf(BinanceEvent.MarginCall.class);
    BinanceEvent.MarginCall call = (BinanceEvent.MarginCall) event;
    assertThat(call.alias()).isEqualTo("SfsR");
    assertThat(call.key())
        .isEqualTo(new RiskSnapshot.ExchangeEventKey("SfsR", "MARGIN_CALL", 1587727187525L, null));
    assertThat(call.crossWallet()).isEqualByComparingTo("3.16812045");
    assertThat(call.positions()).hasSize(1);
    BinanceEvent.Position position = call.positions().get(0);
    assertThat(position.isolated()).isFalse();
    assertThat(position.unrealizedPnl()).isEqualByComparingTo("-1.166074");
    assertThat(position.maintenanceMargin()).isEqualByComparingTo("1.614445");
  }

  @Test
  void givenSeed000_whenMapped_thenMmrIsCrossWalletPlusPnlOverMaintenance() {
    String raw = Fixtures.read(Fixtures.MARGIN_CALL);
    RiskSnapshot snapshot =
        BinanceRiskMapping.toSnapshot(BinanceEventParser.parse(raw, Fixtures.CLOCK), "BTC", raw);

    // (3.16812045 + -1.166074) / 1.614445 = 1.2400834032...
    assertThat(snapshot.maintenanceMarginRatio().rounded()).isEqualByComparingTo("1.24008340");
    assertThat(snapshot.collateralBalance()).isNull();
    assertThat(snapshot.asOf()).isEqualTo(Instant.ofEpochMilli(1587727187525L));
    assertThat(snapshot.source()).isEqualTo(SnapshotSource.BINANCE);
    assertThat(snapshot.rawPayload()).isEqualTo(raw);
  }

  @Test
  void givenIsolatedPositionsWithoutCw_whenMapped_thenTheIsolatedWalletsStandInForCw() {
    String raw =
        """
        {"e":"MARGIN_CALL","E":1,"i":"A","p":[
          {"mt":"ISOLATED","iw":"10","up":"-2","mm":"1"},
          {"mt":"ISOLATED","iw":"5","up":"1","mm":"2"},
          {"mt":"CROSSED","iw":"100","up":"0","mm":"1"}]}
        """;
    BinanceEvent.MarginCall call =
        (BinanceEvent.MarginCall) BinanceEventParser.parse(raw, Fixtures.CLOCK);

    // (10 + 5) + (-2 + 1 + 0) = 14 over 1 + 2 + 1 = 4; the crossed position's iw does not count.
    assertThat(BinanceRiskMapping.maintenanceMarginRatio(call).rounded())
        .isEqualByComparingTo("3.5");
  }

  @Test
  void givenANonTerminatingQuotient_whenMapped_thenKeptAsItsExactTermsAndShownRoundedDown() {
    BinanceEvent.MarginCall call =
        (BinanceEvent.MarginCall)
            BinanceEventParser.parse(
                "{\"e\":\"MARGIN_CALL\",\"E\":1,\"i\":\"A\",\"cw\":\"2\","
                    + "\"p\":[{\"mt\":\"CROSSED\",\"up\":\"0\",\"mm\":\"3\"}]}",
                Fixtures.CLOCK);

    Ratio mmr = BinanceRiskMapping.maintenanceMarginRatio(call);
    assertThat(mmr.numerator()).isEqualByComparingTo("2");
    assertThat(mmr.denominator()).isEqualByComparingTo("3");
    assertThat(mmr.isBelow(new BigDecimal("0.66666667"))).isTrue();
    assertThat(mmr.isBelow(new BigDecimal("0.66666666"))).isFalse();
    assertThat(mmr.rounded()).isEqualByComparingTo("0.66666666");
  }

  @Test
  void givenMaintenanceMarginSummingToZero_whenMapped_then422NotAnArithmeticError() {
    BinanceEvent.MarginCall call =
        (BinanceEvent.MarginCall)
            BinanceEventParser.parse(
                "{\"e\":\"MARGIN_CALL\",\"E\":1,\"i\":\"A\",\"cw\":\"2\","
                    + "\"p\":[{\"mt\":\"CROSSED\",\"up\":\"0\",\"mm\":\"0\"}]}",
                Fixtures.CLOCK);

    assertThatThrownBy(() -> BinanceRiskMapping.maintenanceMarginRatio(call))
        .isInstanceOfSatisfying(
            Refusal.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Refusal.Kind.UNPROCESSABLE);
              assertThat(e.errors()).extracting(Refusal.FieldError::field).contains("p");
            });
  }

  @Test
  void givenNoCwAndNoIsolatedWallet_whenMapped_then422() {
    BinanceEvent.MarginCall call =
        (BinanceEvent.MarginCall)
            BinanceEventParser.parse(
                "{\"e\":\"MARGIN_CALL\",\"E\":1,\"i\":\"A\","
                    + "\"p\":[{\"mt\":\"CROSSED\",\"up\":\"0\",\"mm\":\"1\"}]}",
                Fixtures.CLOCK);

    assertThatThrownBy(() -> BinanceRiskMapping.maintenanceMarginRatio(call))
        .isInstanceOfSatisfying(
            Refusal.class, e -> assertThat(e.kind()).isEqualTo(Refusal.Kind.UNPROCESSABLE));
  }

  @Test
  void givenTheCorrectedSeed002_whenMapped_thenCabIsTheWalletBalanceOfTheFacilityAsset() {
    String raw = Fixtures.read(Fixtures.ACCOUNT_UPDATE);
    BinanceEvent event = BinanceEventParser.parse(raw, Fixtures.CLOCK);

    assertThat(event.key())
        .isEqualTo(
            new RiskSnapshot.ExchangeEventKey(
                "SfsR", "ACCOUNT_UPDATE", 1564745798939L, 1564745798938L));
    RiskSnapshot btc = BinanceRiskMapping.toSnapshot(event, "BTC", raw);
    assertThat(btc.collateralBalance()).isEqualByComparingTo("122624.12345678");
    assertThat(btc.maintenanceMarginRatio()).isNull();
    assertThat(btc.asOf()).isEqualTo(Instant.ofEpochMilli(1564745798939L));
    assertThat(BinanceRiskMapping.toSnapshot(event, "eth", raw).collateralBalance())
        .isEqualByComparingTo("1");
  }

  @Test
  void givenAnAccountUpdateWithoutTheFacilityAsset_whenMapped_then422() {
    String raw = Fixtures.read(Fixtures.ACCOUNT_UPDATE);
    BinanceEvent event = BinanceEventParser.parse(raw, Fixtures.CLOCK);

    assertThatThrownBy(() -> BinanceRiskMapping.toSnapshot(event, "USDT", raw))
        .isInstanceOfSatisfying(
            Refusal.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Refusal.Kind.UNPROCESSABLE);
              assertThat(e.getMessage()).contains("USDT");
            });
  }

  @Test
  void givenTheMalformedSeed002_whenParsed_then400SayingWhereParsingFailed() {
    assertThatThrownBy(
            () ->
                BinanceEventParser.parse(
                    Fixtures.read(Fixtures.ACCOUNT_UPDATE_MALFORMED), Fixtures.CLOCK))
        .isInstanceOfSatisfying(
            Refusal.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Refusal.Kind.INVALID);
              // Line 50 is the "bep" entry that follows "ep":"6563.8" without a comma.
              assertThat(e.getMessage()).contains("line 50, column");
              assertThat(e.errors().get(0).message())
                  .contains("line 50")
                  .contains("was expecting comma");
            });
  }

  @Test
  void givenTheDoubleCommaAlone_whenParsed_then400AtItsLine() {
    String onlyDoubleComma =
        Fixtures.read(Fixtures.ACCOUNT_UPDATE_MALFORMED)
            .replace("\"ep\":\"6563.8\"\n", "\"ep\":\"6563.8\",\n");

    assertThatThrownBy(() -> BinanceEventParser.parse(onlyDoubleComma, Fixtures.CLOCK))
        .isInstanceOfSatisfying(
            Refusal.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Refusal.Kind.INVALID);
              assertThat(e.getMessage()).contains("line 50");
            });
  }

  @Test
  void givenAnotherEventType_whenParsed_then422() {
    assertThatThrownBy(
            () ->
                BinanceEventParser.parse(
                    "{\"e\":\"ORDER_TRADE_UPDATE\",\"E\":1,\"i\":\"A\"}", Fixtures.CLOCK))
        .isInstanceOfSatisfying(
            Refusal.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Refusal.Kind.UNPROCESSABLE);
              assertThat(e.getMessage()).contains("ORDER_TRADE_UPDATE");
            });
  }

  @Test
  void givenBadFields_whenParsed_then400NamingEachByItsPath() {
    String raw =
        "{\"e\":\"MARGIN_CALL\",\"E\":\"soon\",\"cw\":\"-1\","
            + "\"p\":[{\"mt\":\"SIDEWAYS\",\"up\":\"x\",\"mm\":\"-2\"}, 7]}";

    assertThatThrownBy(() -> BinanceEventParser.parse(raw, Fixtures.CLOCK))
        .isInstanceOfSatisfying(
            Refusal.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Refusal.Kind.INVALID);
              assertThat(e.errors())
                  .extracting(Refusal.FieldError::field)
                  .containsExactlyInAnyOrder(
                      "E", "i", "cw", "p[0].mt", "p[0].up", "p[0].mm", "p[1]");
            });
  }

  @Test
  void givenAnEventTimeMoreThanTheSkewAhead_whenParsed_then400OnE() {
    long limit = Fixtures.CLOCK.now().plus(Fixtures.CLOCK.max()).toEpochMilli();
    String call =
        "{\"e\":\"MARGIN_CALL\",\"i\":\"A\",\"cw\":\"1\","
            + "\"p\":[{\"mt\":\"CROSSED\",\"up\":\"0\",\"mm\":\"1\"}],\"E\":";
    String update = "{\"e\":\"ACCOUNT_UPDATE\",\"i\":\"A\",\"a\":{\"B\":[]},\"E\":";

    assertThat(BinanceEventParser.parse(call + limit + "}", Fixtures.CLOCK).key().eventTime())
        .isEqualTo(limit);
    for (String event : new String[] {call, update}) {
      assertThatThrownBy(() -> BinanceEventParser.parse(event + (limit + 1) + "}", Fixtures.CLOCK))
          .isInstanceOfSatisfying(
              Refusal.class,
              e -> {
                assertThat(e.kind()).isEqualTo(Refusal.Kind.INVALID);
                assertThat(e.errors()).extracting(Refusal.FieldError::field).containsExactly("E");
              });
    }
  }

  @Test
  void givenAnEmptyBodyOrAnArray_whenParsed_then400() {
    assertThatThrownBy(() -> BinanceEventParser.parse("", Fixtures.CLOCK))
        .isInstanceOfSatisfying(
            Refusal.class, e -> assertThat(e.kind()).isEqualTo(Refusal.Kind.INVALID));
    assertThatThrownBy(() -> BinanceEventParser.parse("[]", Fixtures.CLOCK))
        .isInstanceOfSatisfying(
            Refusal.class, e -> assertThat(e.kind()).isEqualTo(Refusal.Kind.INVALID));
  }
}
