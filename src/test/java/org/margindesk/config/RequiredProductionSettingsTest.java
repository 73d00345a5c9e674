package org.margindesk.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RequiredProductionSettingsTest {
  private static final Map<String, String> COMPLETE =
      Map.of(
          "quarkus.datasource.jdbc.url", "jdbc:postgresql://db:5432/margindesk",
          "quarkus.datasource.username", "margindesk",
          "quarkus.datasource.password", "secret",
          "margin-desk.temporal.target", "temporal:7233",
          "margin-desk.temporal.namespace", "margin-desk");

  @Test
  void givenEverySetting_whenChecked_thenNothingIsMissing() {
    assertThat(RequiredProductionSettings.missing(key -> Optional.ofNullable(COMPLETE.get(key))))
        .isEmpty();
  }

  @Test
  void givenNoTemporalTarget_whenChecked_thenTheMessageNamesTheKeyAndItsEnvVariable() {
    var settings = new java.util.HashMap<>(COMPLETE);
    settings.remove("margin-desk.temporal.target");
    var missing = RequiredProductionSettings.missing(key -> Optional.ofNullable(settings.get(key)));
    assertThat(missing).containsExactly("margin-desk.temporal.target");
    assertThat(RequiredProductionSettings.describe(missing))
        .contains("margin-desk.temporal.target (env MARGIN_DESK_TEMPORAL_TARGET)")
        .doesNotContain("quarkus.datasource.jdbc.url");
  }

  @Test
  void givenABlankDatasourceUrl_whenChecked_thenItCountsAsMissing() {
    var settings = new java.util.HashMap<>(COMPLETE);
    settings.put("quarkus.datasource.jdbc.url", "  ");
    assertThat(RequiredProductionSettings.missing(key -> Optional.ofNullable(settings.get(key))))
        .containsExactly("quarkus.datasource.jdbc.url");
  }
}
