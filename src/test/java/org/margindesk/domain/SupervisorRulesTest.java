package org.margindesk.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.margindesk.domain.SupervisorRules.Kind;
import org.margindesk.domain.SupervisorRules.Refusal;

class SupervisorRulesTest {
  private static final Duration CAP = Duration.ofHours(12);

  @Test
  void givenExtensionsWithinTheAllowance_whenChecked_thenAllowedUpToExactlyTheCap() {
    assertThat(SupervisorRules.extension(Duration.ofHours(6), Duration.ZERO, CAP)).isEmpty();
    assertThat(SupervisorRules.extension(Duration.ofHours(6), Duration.ofHours(6), CAP)).isEmpty();
  }

  @Test
  void givenAnExtensionPastTheCap_whenChecked_thenRefusedWithTheRemainingAllowance() {
    Refusal refusal =
        SupervisorRules.extension(Duration.ofHours(5), Duration.ofHours(8), CAP).orElseThrow();

    assertThat(refusal.kind()).isEqualTo(Kind.EXTENSION_CAP);
    assertThat(refusal.message())
        .startsWith("over the cap")
        .contains("PT13H in total")
        .contains("PT12H allowed")
        .endsWith("remaining allowance PT4H");
  }

  @Test
  void givenAZeroAllowance_whenAnyExtensionIsAsked_thenItIsRefusedAndNothingRemains() {
    assertThat(SupervisorRules.extension(Duration.ofMinutes(1), Duration.ZERO, Duration.ZERO))
        .get()
        .extracting(Refusal::kind)
        .isEqualTo(Kind.EXTENSION_CAP);
    assertThat(SupervisorRules.remaining(Duration.ZERO, Duration.ZERO)).isZero();
    assertThat(SupervisorRules.remaining(CAP, Duration.ofHours(13))).isZero();
  }

  @Test
  void givenExtendByValues_whenChecked_thenOnlyPositiveIsoDurationsPass() {
    assertThat(SupervisorRules.extendBy("PT6H")).isEmpty();
    assertThat(SupervisorRules.extendBy("P1D")).isEmpty();
    for (String bad : new String[] {null, "", "6h", "PT0S", "-PT1H", "PT-1H"}) {
      assertThat(SupervisorRules.extendBy(bad))
          .as(String.valueOf(bad))
          .get()
          .satisfies(
              refusal -> {
                assertThat(refusal.kind()).isEqualTo(Kind.INVALID_INPUT);
                assertThat(refusal.field()).isEqualTo("extendBy");
              });
    }
  }

  @Test
  void givenReasons_whenChecked_thenOneToOneThousandCharactersAreAccepted() {
    assertThat(SupervisorRules.reason("x", true)).isEmpty();
    assertThat(SupervisorRules.reason("x".repeat(1000), true)).isEmpty();
    assertThat(SupervisorRules.reason("x".repeat(1001), true).orElseThrow().message())
        .contains("at most 1000");
    assertThat(SupervisorRules.reason("  ", true).orElseThrow().field()).isEqualTo("reason");
    assertThat(SupervisorRules.reason(null, true)).isPresent();
    assertThat(SupervisorRules.reason(null, false)).isEmpty();
    assertThat(SupervisorRules.reason("x".repeat(1001), false)).isPresent();
  }

  @Test
  void givenEachStatus_whenAnActionIsAsked_thenOnlyAnOpenCallAllowsIt() {
    assertThat(SupervisorRules.openOnly("c-1", CallStatus.OPEN, "an extension")).isEmpty();
    for (CallStatus status :
        new CallStatus[] {
          CallStatus.LIQUIDATING, CallStatus.CURED, CallStatus.WAIVED, CallStatus.LIQUIDATED
        }) {
      Refusal refusal = SupervisorRules.openOnly("c-1", status, "a waiver").orElseThrow();
      assertThat(refusal.kind()).isEqualTo(Kind.WRONG_STATUS);
      assertThat(refusal.message()).contains("is " + status).contains("a waiver");
    }
  }

  @Test
  void givenAWaiver_whenItsRequesterApproves_thenFourEyesRefuses() {
    assertThat(SupervisorRules.approval("w-1", "supervisor", "supervisor"))
        .get()
        .extracting(Refusal::kind)
        .isEqualTo(Kind.FORBIDDEN);
    assertThat(SupervisorRules.approval("w-1", "supervisor", "supervisor2")).isEmpty();
  }

  @Test
  void givenABlankActor_whenChecked_thenRefused() {
    assertThat(SupervisorRules.actor(" ")).get().extracting(Refusal::field).isEqualTo("actor");
    assertThat(SupervisorRules.actor("supervisor")).isEmpty();
  }
}
