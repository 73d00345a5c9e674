package org.margindesk.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.Test;
import org.margindesk.domain.Refusal;
import org.margindesk.domain.Refusal.FieldError;
import org.margindesk.ingest.ClockSkew;
import org.margindesk.ingest.NativeSnapshotParser;

/** The request records' constraints in their own words, without the service around them. */
class RequestConstraintsTest {
  private static final Validator VALIDATOR =
      Validation.byDefaultProvider()
          .configure()
          .messageInterpolator(new ParameterMessageInterpolator())
          .buildValidatorFactory()
          .getValidator();
  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  private static final ClockSkew CLOCK = new ClockSkew(NOW, Duration.ofMinutes(5));

  private static List<FieldError> errors(Object request) {
    try {
      Requests.check(VALIDATOR, request);
      return List.of();
    } catch (Refusal refusal) {
      return refusal.errors();
    }
  }

  @Test
  void givenTextOverItsLimitBlankOrUnstorable_whenChecked_thenEachPartSaysWhy() {
    assertThat(errors(new ReasonRequest("x".repeat(1000)))).isEmpty();
    assertThat(errors(new ReasonRequest("x".repeat(1001))))
        .containsExactly(new FieldError("reason", "must be at most 1000 characters long"));
    assertThat(errors(new ReasonRequest("\u2003 ")))
        .containsExactly(new FieldError("reason", "must not be blank"));
    assertThat(errors(new ReasonRequest("a\u0000b")))
        .extracting(FieldError::field)
        .containsExactly("reason");
    assertThat(errors(new ReasonRequest(null)))
        .containsExactly(new FieldError("reason", Requests.REQUIRED));
    assertThat(errors(new OptionalReasonRequest(null))).isEmpty();
  }

  @Test
  void givenWhatIfFigures_whenChecked_thenZeroIsAFigureAndANegativeIsNot() {
    assertThat(errors(whatIf(null, BigDecimal.ZERO, BigDecimal.ZERO))).isEmpty();
    assertThat(errors(whatIf(null, new BigDecimal("-1"), null)))
        .containsExactly(new FieldError("collateralBalance", "must not be negative"));
    assertThat(errors(whatIf("yesterday", BigDecimal.ONE, null)))
        .containsExactly(
            new FieldError(
                "asOf", "must be an ISO-8601 date-time with offset, e.g. 2026-11-22T10:00:00Z"));
    assertThat(errors(new WhatIfRequest(" ", "x".repeat(65), null, BigDecimal.ONE, null)))
        .containsExactly(
            new FieldError("accountId", "must be at most 64 characters long"),
            new FieldError("eventId", "must not be blank"));
  }

  @Test
  void givenAWhatIfWithoutAsOf_whenTurnedIntoASnapshot_thenItIsTheAccountNow() {
    NativeSnapshotParser.NativeSnapshot snapshot =
        whatIf(null, new BigDecimal("12000"), null).snapshot(CLOCK);

    assertThat(snapshot.accountId()).isEqualTo("acc-1");
    assertThat(snapshot.asOfGiven()).isFalse();
    assertThat(snapshot.snapshot().asOf()).isEqualTo(NOW);
  }

  @Test
  void givenAWhatIfWithNoFigureOrDatedTooFarAhead_whenTurnedIntoASnapshot_thenEachFieldIsNamed() {
    assertThatThrownBy(() -> whatIf("2026-11-22T10:30:00Z", null, null).snapshot(CLOCK))
        .isInstanceOfSatisfying(
            Refusal.class,
            refusal ->
                assertThat(refusal.errors())
                    .extracting(FieldError::field)
                    .containsExactly("asOf", "collateralBalance", "maintenanceMarginRatio"));
  }

  private static WhatIfRequest whatIf(String asOf, BigDecimal cab, BigDecimal mmr) {
    return new WhatIfRequest(null, "acc-1", asOf, cab, mmr);
  }
}
