package org.margindesk.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.margindesk.domain.LiquidationStep;

@QuarkusTest
class LifecycleSettingsTest {
  @Inject LifecycleSettings settings;
  @Inject MarginDeskConfig config;

  @Test
  void givenNoOverrides_whenResolved_thenTheDocumentedDefaultsApply() {
    assertThat(settings.stepModes()).isEqualTo(LiquidationStep.defaultModes());
    assertThat(settings.reminderOffsets())
        .containsExactly(Duration.ofHours(6), Duration.ofHours(1));
    assertThat(settings.taskSla("CLOSE_ALL_POSITIONS")).isEqualTo(Duration.ofMinutes(30));
    assertThat(config.gateway().kind()).isEqualTo(GatewaySettings.GatewayKind.SIMULATED);
    assertThat(config.gateway().http().requestTimeout()).isEqualTo(Duration.ofSeconds(5));
  }
}
