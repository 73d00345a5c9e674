package org.margindesk.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.margindesk.domain.Refusal;

/**
 * Binance amounts are bounded as native snapshots are: 8 decimal places, 30 integer digits, so that
 * a value either fits NUMERIC(38, 8) or is refused with its field before any arithmetic on it.
 */
class BinanceDecimalBoundsTest {

  private static String marginCall(String cw, String position) {
    return "{\"e\":\"MARGIN_CALL\",\"E\":1,\"i\":\"A\""
        + (cw == null ? "" : ",\"cw\":" + cw)
        + ",\"p\":["
        + position
        + "]}";
  }

  @ParameterizedTest(name = "{1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "\"1\" | \"mt\":\"CROSSED\",\"up\":\"0\",\"mm\":1e-29 | p[0].mm",
        "\"1\" | \"mt\":\"CROSSED\",\"up\":\"0\",\"mm\":\"0.000000001\" | p[0].mm",
        "\"1\" | \"mt\":\"CROSSED\",\"up\":1e-100000000,\"mm\":\"1\" | p[0].up",
        "\"1\" | \"mt\":\"CROSSED\",\"up\":-1E-100000000,\"mm\":\"1\" | p[0].up",
        "\"1\" | \"mt\":\"CROSSED\",\"up\":\"0.123456789\",\"mm\":\"1\" | p[0].up",
        "\"1\" | \"mt\":\"CROSSED\",\"up\":1e100000000,\"mm\":\"1\" | p[0].up",
        "\"0.000000001\" | \"mt\":\"CROSSED\",\"up\":\"0\",\"mm\":\"1\" | cw",
        "1e-400 | \"mt\":\"CROSSED\",\"up\":\"0\",\"mm\":\"1\" | cw",
        "\"1\" | \"mt\":\"ISOLATED\",\"iw\":1.000000001,\"up\":\"0\",\"mm\":\"1\" | p[0].iw",
      })
  void givenAnAmountBeyondEightPlacesOrWithAHugeExponent_whenParsed_then400OnThatField(
      String cw, String position, String field) {
    assertRejected(marginCall(cw, "{" + position + "}"), field);
  }

  @Test
  void givenAmountsWithEightPlacesAsStringsOrNumbers_whenParsed_thenAccepted() {
    BinanceEvent.MarginCall call =
        (BinanceEvent.MarginCall)
            BinanceEventParser.parse(
                marginCall(
                    "3.16812045", "{\"mt\":\"CROSSED\",\"up\":-1.166074E0,\"mm\":\"1.61444500\"}"),
                Fixtures.CLOCK);

    assertThat(call.positions().get(0).unrealizedPnl()).isEqualByComparingTo("-1.166074");
    assertThat(BinanceRiskMapping.maintenanceMarginRatio(call).rounded())
        .isEqualByComparingTo("1.24008340");
  }

  @Test
  void givenBoundedAmountsWhoseMmrWouldNotFitNumeric_whenMapped_then400OnThePositions() {
    // 10^23 over 10^-8: 32 integer digits, beyond NUMERIC(38, 8).
    String raw =
        marginCall(
            "\"100000000000000000000000\"",
            "{\"mt\":\"CROSSED\",\"up\":\"0\",\"mm\":\"0.00000001\"}");
    BinanceEvent event = BinanceEventParser.parse(raw, Fixtures.CLOCK);

    assertThatThrownBy(() -> BinanceRiskMapping.toSnapshot(event, "BTC", raw))
        .isInstanceOfSatisfying(
            Refusal.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Refusal.Kind.INVALID);
              assertThat(e.errors()).extracting(Refusal.FieldError::field).containsExactly("p");
            });
  }

  private static void assertRejected(String raw, String field) {
    assertThatThrownBy(() -> BinanceEventParser.parse(raw, Fixtures.CLOCK))
        .isInstanceOfSatisfying(
            Refusal.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Refusal.Kind.INVALID);
              assertThat(e.errors()).extracting(Refusal.FieldError::field).containsExactly(field);
            });
  }
}
