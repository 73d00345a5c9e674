package org.margindesk.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.margindesk.domain.Refusal;

class NativeSnapshotParserTest {
  private static final Instant NOW = Fixtures.CLOCK.now();

  private static NativeSnapshotParser.NativeSnapshot parse(String json) {
    return NativeSnapshotParser.parse(JsonInput.parse(json), false, Fixtures.CLOCK);
  }

  @Test
  void givenAmountsAsStringsOrNumbers_whenParsed_thenBothAreExactDecimals() {
    var fromStrings =
        parse(
            "{\"eventId\":\"e1\",\"accountId\":\"A\",\"asOf\":\"2026-11-22T10:00:00Z\","
                + "\"collateralBalance\":\"12000.00\",\"maintenanceMarginRatio\":\"12.5\"}");
    var fromNumbers =
        parse(
            "{\"eventId\":\"e1\",\"accountId\":\"A\",\"asOf\":\"2026-11-22T11:00:00+01:00\","
                + "\"collateralBalance\":12000.10000001,\"maintenanceMarginRatio\":12.5}");

    assertThat(fromStrings.accountId()).isEqualTo("A");
    assertThat(fromStrings.snapshot().collateralBalance()).isEqualByComparingTo("12000");
    assertThat(fromStrings.snapshot().maintenanceMarginRatio().rounded())
        .isEqualByComparingTo("12.5");
    assertThat(fromNumbers.snapshot().collateralBalance()).isEqualByComparingTo("12000.10000001");
    assertThat(fromNumbers.snapshot().asOf()).isEqualTo(Instant.parse("2026-11-22T10:00:00Z"));
  }

  @Test
  void givenOnlyOneRiskField_whenParsed_thenTheOtherIsNull() {
    var snapshot =
        parse(
            "{\"eventId\":\"e1\",\"accountId\":\"A\",\"asOf\":\"2026-11-22T10:00:00Z\","
                + "\"maintenanceMarginRatio\":\"9\"}");
    assertThat(snapshot.snapshot().collateralBalance()).isNull();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "\"collateralBalance\":\"-1\" | collateralBalance",
        "\"collateralBalance\":\"12k\" | collateralBalance",
        "\"collateralBalance\":true | collateralBalance",
        "\"collateralBalance\":\"1.123456789\" | collateralBalance",
        "\"maintenanceMarginRatio\":-0.5 | maintenanceMarginRatio",
        "\"collateralBalance\":\"1e400\" | collateralBalance",
      })
  void givenABadAmount_whenParsed_then400OnThatField(String field, String name) {
    String json =
        "{\"eventId\":\"e1\",\"accountId\":\"A\",\"asOf\":\"2026-11-22T10:00:00Z\"," + field + "}";
    assertRejected(json, name);
  }

  @Test
  void givenNoRiskField_whenParsed_then400OnBoth() {
    assertRejected(
        "{\"eventId\":\"e1\",\"accountId\":\"A\",\"asOf\":\"2026-11-22T10:00:00Z\"}",
        "collateralBalance",
        "maintenanceMarginRatio");
  }

  @Test
  void givenBadIdsAndTime_whenParsed_thenEveryFieldIsReportedAtOnce() {
    String longId = "x".repeat(65);
    assertRejected(
        "{\"eventId\":\""
            + longId
            + "\",\"accountId\":\"\",\"asOf\":\"2026-11-22 10:00\",\"collateralBalance\":\"1\","
            + "\"extra\":1}",
        "eventId",
        "accountId",
        "asOf",
        "extra");
  }

  @Test
  void givenMissingFields_whenParsed_thenEachIsRequired() {
    assertRejected("{\"collateralBalance\":\"1\"}", "eventId", "accountId", "asOf");
  }

  @Test
  void givenAWhatIf_whenEventIdAndAsOfAreLeftOut_thenAsOfIsNow() {
    var snapshot =
        NativeSnapshotParser.parse(
            JsonInput.parse("{\"accountId\":\"A\",\"collateralBalance\":\"1\"}"),
            true,
            Fixtures.CLOCK);
    assertThat(snapshot.snapshot().eventId()).isNull();
    assertThat(snapshot.snapshot().asOf()).isEqualTo(NOW);
    assertThat(snapshot.asOfGiven()).isFalse();
  }

  @Test
  void givenAnAsOfMoreThanTheSkewAhead_whenParsed_then400OnAsOfForSnapshotsAndWhatIfs() {
    String atTheLimit = NOW.plus(Fixtures.CLOCK.max()).toString();
    String beyond = NOW.plus(Fixtures.CLOCK.max()).plusMillis(1).toString();
    String body = "{\"eventId\":\"e1\",\"accountId\":\"A\",\"collateralBalance\":\"1\",\"asOf\":";

    assertThat(parse(body + "\"" + atTheLimit + "\"}").snapshot().asOf().toString())
        .isEqualTo(atTheLimit);
    assertRejected(body + "\"" + beyond + "\"}", "asOf");
    assertThatThrownBy(
            () ->
                NativeSnapshotParser.parse(
                    JsonInput.parse(body + "\"2062-01-01T00:00:00Z\"}"), true, Fixtures.CLOCK))
        .isInstanceOfSatisfying(
            Refusal.class,
            e ->
                assertThat(e.errors())
                    .extracting(Refusal.FieldError::field)
                    .containsExactly("asOf"));
  }

  private static void assertRejected(String json, String... fields) {
    assertThatThrownBy(() -> parse(json))
        .isInstanceOfSatisfying(
            Refusal.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Refusal.Kind.INVALID);
              assertThat(e.errors())
                  .extracting(Refusal.FieldError::field)
                  .containsExactlyInAnyOrder(fields);
            });
  }
}
