package org.margindesk.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.margindesk.domain.Refusal;
import org.margindesk.domain.StorableText;

class StorableTextTest {

  @Test
  void givenPlainTextAndSurrogatePairs_whenChecked_thenStorable() {
    assertThat(StorableText.problem("")).isNull();
    assertThat(StorableText.problem("price feed error, 12,000 USDT")).isNull();
    assertThat(StorableText.problem("ok \uD83D\uDE00 \u00e9\u4e2d")).isNull();
  }

  @Test
  void givenANulOrALoneSurrogate_whenChecked_thenRefusedNamingTheCharacter() {
    assertThat(StorableText.problem("a\u0000b")).contains("U+0000");
    assertThat(StorableText.problem("\uD800")).contains("U+D800").contains("surrogate");
    assertThat(StorableText.problem("x\uD83D")).contains("U+D83D");
    assertThat(StorableText.problem("\uDE00x")).contains("U+DE00");
    assertThat(StorableText.problem("\uDE00\uD83D")).contains("U+DE00");
  }

  @Test
  void givenBadCharacters_whenMadeVisible_thenEscapedAndTheRestKept() {
    assertThat(StorableText.visible("ref\u0000")).isEqualTo("ref\\u0000");
    assertThat(StorableText.visible("\uD800-\uD83D\uDE00")).isEqualTo("\\ud800-\uD83D\uDE00");
  }

  @Test
  void givenABodyWithUnstorableStringsAtAnyDepth_whenParsed_then400NamingEachByItsPath() {
    String body =
        "{\"a\":\"ok\",\"b\":{\"c\":[\"ok\",\"x\\u0000\"]},\"d\\u0000\":1,"
            + "\"e\":[{\"f\":\"\\udc00\"}],\"g\":\"\\ud83d\\ude00\"}";

    assertThatThrownBy(() -> JsonInput.parse(body))
        .isInstanceOfSatisfying(
            Refusal.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Refusal.Kind.INVALID);
              assertThat(e.errors())
                  .extracting(Refusal.FieldError::field)
                  .containsExactlyInAnyOrder("b.c[1]", "d\\u0000", "e[0].f");
            });
  }

  @Test
  void givenABareArrayOrAString_whenParsed_thenPathsStartThere() {
    assertThatThrownBy(() -> JsonInput.parse("[{\"id\":\"\\u0000\"}]"))
        .isInstanceOfSatisfying(
            Refusal.class,
            e ->
                assertThat(e.errors())
                    .extracting(Refusal.FieldError::field)
                    .containsExactly("[0].id"));
    assertThatThrownBy(() -> JsonInput.parse("\"\\u0000\""))
        .isInstanceOfSatisfying(
            Refusal.class,
            e ->
                assertThat(e.errors())
                    .extracting(Refusal.FieldError::field)
                    .containsExactly("body"));
  }
}
