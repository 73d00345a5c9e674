package org.margindesk.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OffsetDateTimeTextTest {

  private static final List<String> SHAPES =
      List.of(
          "2026-11-22T10:00:00Z",
          "2026-11-22T10:00:00.123456789Z",
          "2026-11-22T10:00:00.5+05:30",
          "2024-02-29T23:59:59.25-08:00",
          "1970-01-01T00:00:00Z",
          "9999-12-31T23:59:59.999999999+18:00",
          "2026-11-22t10:00:00z",
          "2026-11-22T10:00:00-00:00");

  @Test
  void givenTheShapesFeedsSend_whenParsed_thenTheSameInstantsAsTheJdkFormatter() {
    for (String text : SHAPES) {
      assertThat(OffsetDateTimeText.parse(text)).as(text).isEqualTo(jdk(text));
    }
    assertThat(OffsetDateTimeText.parse("2026-11-22T10:00:00.5+05:30"))
        .isEqualTo(Instant.parse("2026-11-22T04:30:00.500Z"));
  }

  @Test
  void givenOtherShapesTheFormatterTakes_whenParsed_thenItsAnswer() {
    for (String text :
        List.of("2026-11-22T10:00Z", "2026-11-22T10:00:00.Z", "2026-11-22T10:00:00+05:30:15")) {
      assertThat(OffsetDateTimeText.parse(text)).as(text).isEqualTo(jdk(text));
    }
  }

  @Test
  void givenValuesOutOfRangeOrTrailingText_whenParsed_thenRefusedAsTheFormatterRefusesThem() {
    for (String text :
        List.of(
            "2026-02-29T10:00:00Z",
            "2026-04-31T10:00:00Z",
            "2026-11-22T24:00:00Z",
            "2026-12-31T23:59:60Z",
            "2026-11-22T10:00:00+19:00",
            "2026-11-22T10:00:00+05:60",
            "2026-11-22T10:00:00.1234567891Z",
            "2026-11-22T10:00:00Z6",
            "2026-11-22T10:00:00ZZ",
            "2026-11-22T10:00:00+05.30",
            "2026-11-22 10:00:00Z",
            "2026-11-22T10:00:00Z ",
            "+2026-11-22T10:00:00Z",
            "2026-11-22T10:00:00\u0000Z",
            "\u0662\u0660\u0662\u0666-11-22T10:00:00Z")) {
      assertThatThrownBy(() -> OffsetDateTimeText.parse(text))
          .as(text)
          .isInstanceOf(DateTimeParseException.class);
    }
  }

  /**
   * Random edits of valid times, among them the characters that make the common shape almost right:
   * every one must get the formatter's own answer, instant or refusal.
   */
  @Test
  void givenRandomEditsOfValidTimes_whenParsed_thenAlwaysTheFormattersAnswer() {
    String alphabet = "0123456789-:Tt Zz+.,\u0000\uD800x\u0663";
    Random random = new Random(20261203);
    int accepted = 0;
    for (int round = 0; round < 60_000; round++) {
      StringBuilder text = new StringBuilder(SHAPES.get(random.nextInt(SHAPES.size())));
      for (int edit = 1 + random.nextInt(3); edit > 0; edit--) {
        int at = random.nextInt(text.length() + 1);
        char c = alphabet.charAt(random.nextInt(alphabet.length()));
        switch (random.nextInt(3)) {
          case 0 -> text.insert(at, c);
          case 1 -> {
            if (at < text.length()) {
              text.setCharAt(at, c);
            }
          }
          default -> {
            if (at < text.length()) {
              text.deleteCharAt(at);
            }
          }
        }
      }
      String edited = text.toString();
      Instant expected;
      try {
        expected = jdk(edited);
      } catch (DateTimeException refused) {
        assertThatThrownBy(() -> OffsetDateTimeText.parse(edited))
            .as(edited)
            .isInstanceOf(DateTimeParseException.class);
        continue;
      }
      assertThat(OffsetDateTimeText.parse(edited)).as(edited).isEqualTo(expected);
      accepted++;
    }
    assertThat(accepted).as("edits that stayed valid").isGreaterThan(500);
  }

  private static Instant jdk(String text) {
    return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
  }
}
