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
          "margin-desk.temporal.namespace", "margin-desk",
          "margin-desk.gateway.kind", "http",
          "margin-desk.gateway.http.url", "https://exchange.example/admin/v1/",
          "margin-desk.security.bearer.issuer", "https://sso.example/realms/ops",
          "margin-desk.security.bearer.audience", "margin-desk");

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
    assertThat(missing)
        .containsExactly("margin-desk.temporal.target (env MARGIN_DESK_TEMPORAL_TARGET)");
    assertThat(RequiredProductionSettings.describe(missing))
        .contains("margin-desk.temporal.target (env MARGIN_DESK_TEMPORAL_TARGET)")
        .doesNotContain("quarkus.datasource.jdbc.url");
  }

  @Test
  void givenABlankDatasourceUrl_whenChecked_thenItCountsAsMissing() {
    var settings = new java.util.HashMap<>(COMPLETE);
    settings.put("quarkus.datasource.jdbc.url", "  ");
    assertThat(RequiredProductionSettings.missing(key -> Optional.ofNullable(settings.get(key))))
        .containsExactly("quarkus.datasource.jdbc.url (env QUARKUS_DATASOURCE_JDBC_URL)");
  }

  @Test
  void givenNoIssuerJwksUrlOrAudience_whenChecked_thenBothBearerRequirementsAreNamed() {
    var settings = new java.util.HashMap<>(COMPLETE);
    settings.remove("margin-desk.security.bearer.issuer");
    settings.remove("margin-desk.security.bearer.audience");

    var missing = RequiredProductionSettings.missing(key -> Optional.ofNullable(settings.get(key)));

    assertThat(missing)
        .containsExactly(
            "margin-desk.security.bearer.issuer (env MARGIN_DESK_SECURITY_BEARER_ISSUER) or"
                + " margin-desk.security.bearer.jwks-url (env MARGIN_DESK_SECURITY_BEARER_JWKS_URL)",
            "margin-desk.security.bearer.audience (env MARGIN_DESK_SECURITY_BEARER_AUDIENCE)");
  }

  @Test
  void givenNoGatewayKind_whenChecked_thenProductionRefusesRatherThanSimulate() {
    var settings = new java.util.HashMap<>(COMPLETE);
    settings.remove("margin-desk.gateway.kind");

    assertThat(RequiredProductionSettings.missing(key -> Optional.ofNullable(settings.get(key))))
        .containsExactly("margin-desk.gateway.kind (env MARGIN_DESK_GATEWAY_KIND)");
  }

  @Test
  void givenTheHttpGatewayWithoutItsUrl_whenChecked_thenTheUrlIsNamed() {
    var settings = new java.util.HashMap<>(COMPLETE);
    settings.put("margin-desk.gateway.kind", "HTTP");
    settings.remove("margin-desk.gateway.http.url");

    assertThat(RequiredProductionSettings.missing(key -> Optional.ofNullable(settings.get(key))))
        .containsExactly("margin-desk.gateway.http.url (env MARGIN_DESK_GATEWAY_HTTP_URL)");
  }

  @Test
  void givenTheSimulatedGatewayNamedExplicitly_whenChecked_thenNoUrlIsNeeded() {
    var settings = new java.util.HashMap<>(COMPLETE);
    settings.put("margin-desk.gateway.kind", "simulated");
    settings.remove("margin-desk.gateway.http.url");

    assertThat(RequiredProductionSettings.missing(key -> Optional.ofNullable(settings.get(key))))
        .isEmpty();
  }

  @Test
  void givenAJwksUrlInsteadOfAnIssuer_whenChecked_thenNothingIsMissing() {
    var settings = new java.util.HashMap<>(COMPLETE);
    settings.remove("margin-desk.security.bearer.issuer");
    settings.put("margin-desk.security.bearer.jwks-url", "https://sso.example/keys");

    assertThat(RequiredProductionSettings.missing(key -> Optional.ofNullable(settings.get(key))))
        .isEmpty();
  }
}
