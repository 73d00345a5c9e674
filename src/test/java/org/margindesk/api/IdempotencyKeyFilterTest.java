package org.margindesk.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which header values can be a key; the HTTP side is IdempotencyKeyRestTest's. */
class IdempotencyKeyFilterTest {

  @Test
  void givenKeysPostgresCannotStore_whenChecked_thenEachIsRefusedWithTheReason() {
    assertThat(IdempotencyKeyFilter.problem("a\u0000b")).contains("NUL");
    assertThat(IdempotencyKeyFilter.problem("a\ud800b")).contains("surrogate");
    assertThat(IdempotencyKeyFilter.problem("")).isEqualTo("must not be blank");
    assertThat(IdempotencyKeyFilter.problem(" \t ")).isEqualTo("must not be blank");
    assertThat(IdempotencyKeyFilter.problem("k".repeat(256))).contains("at most 255");
  }

  @Test
  void givenOrdinaryKeys_whenChecked_thenTheyAreAccepted() {
    assertThat(IdempotencyKeyFilter.problem("6f1c0a52-8d1e-4c57-9b1a-2f4de2d1c9b7")).isNull();
    assertThat(IdempotencyKeyFilter.problem("k".repeat(255))).isNull();
    assertThat(IdempotencyKeyFilter.problem("extend call 7, try 1 \u00e9")).isNull();
  }

  @Test
  void givenMethodsAndPaths_whenAsked_thenOnlyWritesUnderApiV1Apply() {
    assertThat(IdempotencyKeyFilter.applies("POST", "/api/v1/tasks/t/claim")).isTrue();
    assertThat(IdempotencyKeyFilter.applies("PUT", "/api/v1/accounts/a/facility")).isTrue();
    assertThat(IdempotencyKeyFilter.applies("GET", "/api/v1/margin-calls")).isFalse();
    assertThat(IdempotencyKeyFilter.applies("DELETE", "/api/v1/x")).isFalse();
    assertThat(IdempotencyKeyFilter.applies("POST", "/test/mdc")).isFalse();
  }
}
