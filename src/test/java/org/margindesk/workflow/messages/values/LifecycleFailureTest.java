package org.margindesk.workflow.messages.values;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.margindesk.domain.SupervisorRules;
import org.margindesk.domain.SupervisorRules.Kind;
import org.margindesk.domain.SupervisorRules.Refusal;

class LifecycleFailureTest {
  @Test
  void givenEveryRefusalKind_whenEncodedAndDecoded_thenTypeFieldAndMessageSurvive() {
    for (Kind kind : Kind.values()) {
      String field = kind == Kind.INVALID_INPUT ? "reason" : null;
      String message = "margin call c-1 is LIQUIDATING;\nsecond line: with a colon";
      String encoded = LifecycleFailure.refused(new Refusal(kind, field, message)).getMessage();

      LifecycleFailure.Refused decoded = LifecycleFailure.decode(encoded).orElseThrow();

      assertThat(decoded.type().name()).isEqualTo(kind.name());
      assertThat(decoded.field()).isEqualTo(field);
      assertThat(decoded.message()).isEqualTo(message);
    }
  }

  @Test
  void givenMessagesNotEncodedByARefusal_whenDecoded_thenNothing() {
    assertThat(LifecycleFailure.decode(null)).isEmpty();
    assertThat(LifecycleFailure.decode("unknown task nope")).isEmpty();
    assertThat(LifecycleFailure.decode("SOMETHING_ELSE: no such type")).isEmpty();
  }

  @Test
  void givenTheCapRule_whenRefusedThroughTheWorkflowEncoding_thenTheRemainderIsInTheMessage() {
    Refusal refusal =
        SupervisorRules.extension(
                java.time.Duration.ofHours(3),
                java.time.Duration.ofHours(10),
                java.time.Duration.ofHours(12))
            .orElseThrow();

    LifecycleFailure.Refused decoded =
        LifecycleFailure.decode(LifecycleFailure.refused(refusal).getMessage()).orElseThrow();

    assertThat(decoded.type()).isEqualTo(LifecycleFailure.EXTENSION_CAP);
    assertThat(decoded.message()).endsWith("remaining allowance PT2H");
  }
}
