package org.margindesk.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.margindesk.domain.ExchangeRefusal.Resolution;

class ExchangeRefusalTest {
  private static final String REFUSED = ExchangeRefusal.TASK_TYPE;

  @Test
  void givenARefusalTask_whenRetriedWithoutEvidence_thenAccepted() {
    assertThat(ExchangeRefusal.completion(REFUSED, Resolution.RETRY, null)).isEmpty();
  }

  @Test
  void givenARefusalTask_whenCompletedWithoutAResolution_thenTheResolutionIsRequired() {
    assertThat(ExchangeRefusal.completion(REFUSED, null, "{\"ticket\":\"T-1\"}"))
        .get()
        .extracting(ExchangeRefusal.Problem::field)
        .isEqualTo("resolution");
  }

  @Test
  void givenARefusalTask_whenDoneByHandWithoutOrWithEmptyEvidence_thenEvidenceIsRequired() {
    for (String evidence : new String[] {null, "", "  ", "{}", "{ }"}) {
      assertThat(ExchangeRefusal.completion(REFUSED, Resolution.DONE_BY_HAND, evidence))
          .as("evidence %s", evidence)
          .get()
          .extracting(ExchangeRefusal.Problem::field)
          .isEqualTo("evidence");
    }
  }

  @Test
  void givenARefusalTask_whenDoneByHandWithEvidence_thenAccepted() {
    assertThat(
            ExchangeRefusal.completion(
                REFUSED, Resolution.DONE_BY_HAND, "{\"exchangeTicket\":\"T-1\"}"))
        .isEmpty();
  }

  @Test
  void givenALiquidationStepTask_whenCompletedWithAResolution_thenRefused() {
    assertThat(
            ExchangeRefusal.completion(
                LiquidationStep.CLOSE_ALL_POSITIONS.name(), Resolution.RETRY, null))
        .get()
        .extracting(ExchangeRefusal.Problem::field)
        .isEqualTo("resolution");
    assertThat(ExchangeRefusal.completion(LiquidationStep.CLOSE_ALL_POSITIONS.name(), null, null))
        .isEmpty();
  }

  @Test
  void givenARestriction_whenNamedAsAnEffect_thenItsSwitchAndDirectionAreKept() {
    assertThat(ExchangeEffect.of(Restriction.REDUCE_ONLY, true))
        .isEqualTo(ExchangeEffect.REDUCE_ONLY_ON);
    assertThat(ExchangeEffect.of(Restriction.WITHDRAWALS, false).tag())
        .isEqualTo("withdrawals_off");
  }
}
