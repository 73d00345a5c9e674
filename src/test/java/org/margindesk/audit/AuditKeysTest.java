package org.margindesk.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AuditKeysTest {

  @Test
  void givenParts_whenJoined_thenColonSeparated() {
    assertThat(AuditKeys.of("call-42", "restrict")).isEqualTo("call-42:restrict");
    assertThat(AuditKeys.of("only")).isEqualTo("only");
  }

  @Test
  void givenAMissingPart_whenJoined_thenRejected() {
    assertThatThrownBy(() -> AuditKeys.of("call-42", null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AuditKeys.of("call-42", ""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(AuditKeys::of).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void givenAKeyAtTheLimit_whenFitted_thenUnchanged() {
    String key = "k".repeat(AuditKeys.MAX_LENGTH);
    assertThat(AuditKeys.fit(key)).isSameAs(key);
  }

  @Test
  void givenLongKeysSharingAPrefix_whenFitted_thenDeterministicDistinctAndWithinTheColumn() {
    String prefix = "p".repeat(500);
    String first = AuditKeys.of(prefix, "a");
    String second = AuditKeys.of(prefix, "b");
    assertThat(first).hasSize(AuditKeys.MAX_LENGTH).startsWith("ppp").isNotEqualTo(second);
    assertThat(second).hasSize(AuditKeys.MAX_LENGTH);
    assertThat(AuditKeys.of(prefix, "a")).isEqualTo(first);
  }

  @Test
  void givenASurrogatePairAtTheCut_whenFitted_thenThePairIsNotSplit() {
    String key = "x".repeat(AuditKeys.MAX_LENGTH - 66) + "😀" + "y".repeat(100);
    String fitted = AuditKeys.fit(key);
    assertThat(fitted.length()).isLessThanOrEqualTo(AuditKeys.MAX_LENGTH);
    assertThat(fitted.codePoints().noneMatch(cp -> Character.isSurrogate((char) cp))).isTrue();
  }
}
