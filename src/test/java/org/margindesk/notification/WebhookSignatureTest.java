package org.margindesk.notification;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
  private static final String BODY =
      "{\"id\":\"0b7e0d3c-2f1a-3c4e-9a57-3d2b1f0e6a11\",\"type\":\"CALL_OPENED\"}";
  private static final long TIMESTAMP = 1772445600L;

  @Test
  void givenTheDocumentedExample_whenSigned_thenTheSameValueOpenSslGives() {
    // printf '%s.%s' "$TS" "$BODY" | openssl dgst -sha256 -hmac 'example-secret'
    assertThat(WebhookSignature.sign("example-secret", TIMESTAMP, BODY))
        .isEqualTo("v1=3d3bafe5bd6be276fe22a52c049252d6b67a15a96af44f9e28b58a96fb8d58ca");
  }

  @Test
  void givenASignature_whenAnythingSignedChanges_thenItNoLongerVerifies() {
    String signature = WebhookSignature.sign("example-secret", TIMESTAMP, BODY);

    assertThat(WebhookSignature.verify("example-secret", TIMESTAMP, BODY, signature)).isTrue();
    assertThat(WebhookSignature.verify("other-secret", TIMESTAMP, BODY, signature)).isFalse();
    assertThat(WebhookSignature.verify("example-secret", TIMESTAMP + 1, BODY, signature)).isFalse();
    assertThat(WebhookSignature.verify("example-secret", TIMESTAMP, BODY + " ", signature))
        .isFalse();
    assertThat(WebhookSignature.verify("example-secret", TIMESTAMP, BODY, null)).isFalse();
  }
}
