package org.margindesk.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PolicyOverridesTest {
  private static final PolicyThresholds DEFAULTS = PolicyThresholds.seedDefaults();

  @Test
  void givenNoOverrides_whenApplied_thenTheDefaultsAreEffective() {
    assertThat(PolicyOverrides.NONE.applyTo(DEFAULTS)).isEqualTo(DEFAULTS);
  }

  @Test
  void givenSomeOverrides_whenApplied_thenOnlyThoseReplaceTheDefaults() {
    PolicyOverrides overrides =
        new PolicyOverrides(
            new BigDecimal("1.5"), null, new BigDecimal("12"), null, Duration.ofHours(6), null);

    PolicyThresholds effective = overrides.applyTo(DEFAULTS);

    assertThat(effective.minTopUpRatio()).isEqualByComparingTo("1.5");
    assertThat(effective.terminationRatio()).isEqualByComparingTo("1.10");
    assertThat(effective.mmrMarginCall()).isEqualByComparingTo("12");
    assertThat(effective.mmrLiquidation()).isEqualByComparingTo("5");
    assertThat(effective.remediationWindow()).isEqualTo(Duration.ofHours(6));
    assertThat(effective.maxExtension()).isEqualTo(Duration.ofHours(12));
  }

  @Test
  void givenAnOverrideInconsistentWithTheDefaults_whenApplied_thenRejected() {
    PolicyOverrides overrides =
        new PolicyOverrides(null, new BigDecimal("1.30"), null, null, null, null);

    assertThatThrownBy(() -> overrides.applyTo(DEFAULTS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("terminationRatio");
  }
}
