package org.margindesk.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class CsrfTokensTest {
  private final CsrfTokens tokens = new CsrfTokens(Optional.of("a shared secret"));

  @Test
  void givenATokenMintedForOnePerson_whenChecked_thenItIsTheirsAlone() {
    String token = tokens.mint("supervisor");
    assertThat(tokens.isValid(token, "supervisor")).isTrue();
    assertThat(tokens.isValid(token, "supervisor2")).isFalse();
    assertThat(tokens.isValid(token.substring(0, token.length() - 2) + "xx", "supervisor"))
        .isFalse();
    assertThat(tokens.isValid("no-dot", "supervisor")).isFalse();
    assertThat(tokens.isValid(null, "supervisor")).isFalse();
  }

  @Test
  void givenTheDoubleSubmit_whenTheSubmittedTokenDiffersFromTheCookie_thenItIsRefused() {
    String cookie = tokens.mint("operator");
    assertThat(tokens.matches(cookie, cookie, "operator")).isTrue();
    assertThat(tokens.matches(tokens.mint("operator"), cookie, "operator")).isFalse();
    assertThat(tokens.matches(null, cookie, "operator")).isFalse();
    assertThat(tokens.matches(cookie, null, "operator")).isFalse();
  }

  @Test
  void givenAnotherSecret_whenCheckingATokenSignedWithTheFirst_thenItIsRefused() {
    String token = tokens.mint("operator");
    assertThat(new CsrfTokens(Optional.of("another secret")).isValid(token, "operator")).isFalse();
    assertThat(new CsrfTokens(Optional.empty()).isValid(token, "operator")).isFalse();
  }
}
