package org.margindesk.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MarginPlusPolicyTest {
  private static final BigDecimal M_PLUS = new BigDecimal("10000");
  private static final PolicyThresholds SEED = PolicyThresholds.seedDefaults();

  @Test
  void
      givenTheSeedThresholds_whenMPlusIsTenThousand_thenACallOpensBelow12500AndTerminationBelow11000() {
    assertThat(SEED.minTopUpBalance(M_PLUS)).isEqualByComparingTo("12500");
    assertThat(SEED.terminationAmount(M_PLUS)).isEqualByComparingTo("11000");
  }

  @ParameterizedTest(name = "CAB {0} -> {1}")
  @CsvSource({
    "20000, HEALTHY",
    "12500.00000001, HEALTHY",
    "12500, HEALTHY",
    "12499.99999999, MARGIN_CALL",
    "11000.01, MARGIN_CALL",
    "11000, MARGIN_CALL",
    "10999.99999999, LIQUIDATION",
    "0, LIQUIDATION"
  })
  void givenACabAroundAThreshold_whenEvaluated_thenTheAssessmentChangesExactlyAtIt(
      String cab, Assessment expected) {
    assertThat(MarginPlusPolicy.evaluate(M_PLUS, SEED, new BigDecimal(cab), null).assessment())
        .isEqualTo(expected);
  }

  @ParameterizedTest(name = "MMR {0} -> {1}")
  @CsvSource({
    "25, HEALTHY",
    "10, HEALTHY",
    "9.9999, MARGIN_CALL",
    "5.0001, MARGIN_CALL",
    "5, MARGIN_CALL",
    "4.9999, LIQUIDATION",
    "0, LIQUIDATION"
  })
  void givenAnMmrAroundAThreshold_whenEvaluated_thenTheAssessmentChangesExactlyAtIt(
      String mmr, Assessment expected) {
    assertThat(
            MarginPlusPolicy.evaluate(M_PLUS, SEED, null, Ratio.of(new BigDecimal(mmr)))
                .assessment())
        .isEqualTo(expected);
  }

  /** An M+ with a last place of its own: 125% and 110% of it have more places than a balance. */
  private static final BigDecimal FINE_M_PLUS = new BigDecimal("1000.00000001");

  @ParameterizedTest(name = "M+ 1000.00000001, CAB {0} -> {1}")
  @CsvSource({
    // The top-up level is 1250.0000000125 exactly.
    "1250.0000000124, MARGIN_CALL",
    "1250.0000000125, HEALTHY",
    "1250.0000000126, HEALTHY",
    "1250.00000001, MARGIN_CALL",
    "1250.00000002, HEALTHY",
    // The termination level is 1100.000000011 exactly.
    "1100.000000010, LIQUIDATION",
    "1100.000000011, MARGIN_CALL",
    "1100.000000012, MARGIN_CALL",
    "1100.00000001, LIQUIDATION",
    "1100.00000002, MARGIN_CALL"
  })
  void givenLevelsWithMorePlacesThanABalance_whenCabIsOneUnitAround_thenComparedExactly(
      String cab, Assessment expected) {
    assertThat(MarginPlusPolicy.evaluate(FINE_M_PLUS, SEED, new BigDecimal(cab), null).assessment())
        .isEqualTo(expected);
  }

  @ParameterizedTest(name = "MMR {0} -> {1}")
  @CsvSource({
    "10.00000001, HEALTHY",
    "10, HEALTHY",
    "9.99999999, MARGIN_CALL",
    "5.00000001, MARGIN_CALL",
    "5, MARGIN_CALL",
    "4.99999999, LIQUIDATION"
  })
  void givenANativeMmr_whenOneUnitOfTheLastPlaceAroundALevel_thenComparedExactly(
      String mmr, Assessment expected) {
    assertThat(
            MarginPlusPolicy.evaluate(FINE_M_PLUS, SEED, null, Ratio.of(new BigDecimal(mmr)))
                .assessment())
        .isEqualTo(expected);
  }

  @Test
  void givenACabJustUnderAFineLevel_whenEvaluated_thenTheReasonNamesTheExactLevel() {
    PolicyReason reason =
        MarginPlusPolicy.evaluate(FINE_M_PLUS, SEED, new BigDecimal("1250.00000001"), null)
            .reasons()
            .get(0);

    assertThat(reason.threshold()).isEqualByComparingTo("1250.0000000125");
    assertThat(reason.describe())
        .isEqualTo(
            "collateral balance 1250.00000001 is below the minimum top-up balance"
                + " 1250.0000000125");
  }

  @Test
  void givenFineLevels_whenShownWithEightPlaces_thenRoundedUpSoTheShownFigureIsEnough() {
    // Rounded half-even they would read 1250.00000001 and 1100.00000001: balances that are below.
    assertThat(SEED.minTopUpBalance(FINE_M_PLUS)).isEqualByComparingTo("1250.00000002");
    assertThat(SEED.terminationAmount(FINE_M_PLUS)).isEqualByComparingTo("1100.00000002");
    assertThat(
            MarginPlusPolicy.shortfallToMinTopUp(
                FINE_M_PLUS, SEED, new BigDecimal("1250.00000001")))
        .isEqualByComparingTo("0.00000001");
  }

  @Test
  void givenSeveralRulesFire_whenEvaluated_thenReasonsNameRuleThresholdAndValueWorstFirst() {
    PolicyEvaluation evaluation =
        MarginPlusPolicy.evaluate(
            M_PLUS, SEED, new BigDecimal("10500"), Ratio.of(new BigDecimal("8")));

    assertThat(evaluation.assessment()).isEqualTo(Assessment.LIQUIDATION);
    assertThat(evaluation.reasons())
        .extracting(PolicyReason::rule)
        .containsExactly(
            PolicyRule.CAB_BELOW_TERMINATION,
            PolicyRule.CAB_BELOW_MIN_TOP_UP,
            PolicyRule.MMR_BELOW_MARGIN_CALL);
    PolicyReason termination = evaluation.reasons().get(0);
    assertThat(termination.threshold()).isEqualByComparingTo("11000");
    assertThat(termination.value()).isEqualByComparingTo("10500");
    assertThat(termination.describe())
        .isEqualTo("collateral balance 10500 is below the termination amount 11000");
  }

  @Test
  void givenOnlyOneRuleBreached_whenEvaluated_thenACallOpens() {
    assertThat(
            MarginPlusPolicy.evaluate(
                    M_PLUS, SEED, new BigDecimal("20000"), Ratio.of(new BigDecimal("9")))
                .assessment())
        .isEqualTo(Assessment.MARGIN_CALL);
    assertThat(
            MarginPlusPolicy.evaluate(
                    M_PLUS, SEED, new BigDecimal("12000"), Ratio.of(new BigDecimal("50")))
                .assessment())
        .isEqualTo(Assessment.MARGIN_CALL);
  }

  @Test
  void givenUnknownFigures_whenEvaluated_thenNoRuleFires() {
    PolicyEvaluation evaluation = MarginPlusPolicy.evaluate(M_PLUS, SEED, null, null);
    assertThat(evaluation.assessment()).isEqualTo(Assessment.HEALTHY);
    assertThat(evaluation.reasons()).isEmpty();
  }

  @Test
  void givenACabBelowTheTopUpLevel_whenEvaluated_thenTheShortfallReachesThatLevel() {
    assertThat(MarginPlusPolicy.shortfallToMinTopUp(M_PLUS, SEED, new BigDecimal("11800.5")))
        .isEqualByComparingTo("699.5");
    assertThat(MarginPlusPolicy.shortfallToMinTopUp(M_PLUS, SEED, new BigDecimal("13000")))
        .isEqualByComparingTo("0");
  }

  @Test
  void givenPerFacilityOverrides_whenEvaluated_thenTheOverridesApply() {
    PolicyThresholds stricter =
        new PolicyThresholds(
            new BigDecimal("1.5"),
            new BigDecimal("1.2"),
            new BigDecimal("12"),
            new BigDecimal("6"),
            Duration.ofHours(6),
            Duration.ZERO);
    assertThat(
            MarginPlusPolicy.evaluate(M_PLUS, stricter, new BigDecimal("14000"), null).assessment())
        .isEqualTo(Assessment.MARGIN_CALL);
    assertThat(
            MarginPlusPolicy.evaluate(M_PLUS, stricter, new BigDecimal("11999"), null).assessment())
        .isEqualTo(Assessment.LIQUIDATION);
  }

  @Test
  void givenInconsistentThresholds_whenBuilt_thenTheyAreRejected() {
    assertThatThrownBy(
            () ->
                new PolicyThresholds(
                    new BigDecimal("1.1"),
                    new BigDecimal("1.25"),
                    BigDecimal.TEN,
                    BigDecimal.ONE,
                    Duration.ofHours(1),
                    Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
