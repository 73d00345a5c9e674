package org.margindesk.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.margindesk.domain.Assessment;

class RiskIngestionEffectTest {
  @Test
  void givenEachTransition_whenDescribed_thenTheWhatIfSaysWhatWouldHappen() {
    assertThat(RiskIngestionService.effect(Assessment.HEALTHY, Assessment.HEALTHY, null))
        .isEqualTo("no change");
    assertThat(RiskIngestionService.effect(Assessment.HEALTHY, Assessment.MARGIN_CALL, null))
        .isEqualTo("would open a margin call");
    assertThat(RiskIngestionService.effect(Assessment.HEALTHY, Assessment.LIQUIDATION, null))
        .startsWith("would open a margin call and start liquidation");
    assertThat(RiskIngestionService.effect(Assessment.MARGIN_CALL, Assessment.HEALTHY, "c1"))
        .isEqualTo("would cure call c1");
    assertThat(RiskIngestionService.effect(Assessment.MARGIN_CALL, Assessment.LIQUIDATION, "c1"))
        .isEqualTo("would escalate call c1 to liquidation");
    assertThat(RiskIngestionService.effect(Assessment.MARGIN_CALL, Assessment.MARGIN_CALL, "c1"))
        .isEqualTo("no change; call c1 stays open");
    assertThat(RiskIngestionService.effect(Assessment.LIQUIDATION, Assessment.MARGIN_CALL, "c1"))
        .contains("call c1");
  }
}
