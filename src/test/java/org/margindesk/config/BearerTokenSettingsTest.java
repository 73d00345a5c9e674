package org.margindesk.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BearerTokenSettingsTest {

  private static Map<String, String> oidc(Map<String, String> settings) {
    return BearerTokenSettings.oidcProperties(key -> Optional.ofNullable(settings.get(key)));
  }

  @Test
  void givenNoIssuerAndNoJwksUrl_whenMapped_thenTheOidcTenantIsOff() {
    assertThat(oidc(Map.of())).containsExactly(Map.entry("quarkus.oidc.tenant-enabled", "false"));
    assertThat(oidc(Map.of(BearerTokenSettings.ISSUER, "  ")))
        .containsEntry("quarkus.oidc.tenant-enabled", "false");
  }

  @Test
  void givenAnIssuer_whenMapped_thenDiscoveryAudienceRolesAndSubjectAreConfigured() {
    Map<String, String> oidc =
        oidc(
            Map.of(
                BearerTokenSettings.ISSUER, "https://sso.example/realms/ops",
                BearerTokenSettings.AUDIENCE, "margin-desk",
                BearerTokenSettings.ROLES_CLAIM, "realm_access.roles"));

    assertThat(oidc)
        .containsEntry("quarkus.oidc.tenant-enabled", "true")
        .containsEntry("quarkus.oidc.application-type", "service")
        .containsEntry("quarkus.oidc.auth-server-url", "https://sso.example/realms/ops")
        .containsEntry("quarkus.oidc.token.audience", "margin-desk")
        .containsEntry("quarkus.oidc.roles.role-claim-path", "realm_access/roles")
        .containsEntry("quarkus.oidc.token.principal-claim", "preferred_username")
        .containsEntry("quarkus.oidc.token.subject-required", "true")
        .doesNotContainKeys("quarkus.oidc.discovery-enabled", "quarkus.oidc.jwks-path");
  }

  @Test
  void givenAJwksUrl_whenMapped_thenDiscoveryIsOffAndTheIssuerIsStillChecked() {
    Map<String, String> oidc =
        oidc(
            Map.of(
                BearerTokenSettings.ISSUER, "https://sso.example/realms/ops",
                BearerTokenSettings.JWKS_URL, "https://sso.example/keys",
                BearerTokenSettings.PRINCIPAL_CLAIM, "email"));

    assertThat(oidc)
        .containsEntry("quarkus.oidc.discovery-enabled", "false")
        .containsEntry("quarkus.oidc.jwks-path", "https://sso.example/keys")
        .containsEntry("quarkus.oidc.token.issuer", "https://sso.example/realms/ops")
        .containsEntry("quarkus.oidc.token.principal-claim", "email")
        .containsEntry("quarkus.oidc.roles.role-claim-path", "groups");
  }

  @Test
  void givenRoleClaimPaths_whenMapped_thenDotsBecomeSegmentsAndQuarkusSyntaxIsKept() {
    assertThat(BearerTokenSettings.rolesClaimPath("groups")).isEqualTo("groups");
    assertThat(BearerTokenSettings.rolesClaimPath("resource_access.margin-desk.roles"))
        .isEqualTo("resource_access/margin-desk/roles");
    assertThat(BearerTokenSettings.rolesClaimPath("\"https://ops.example/roles\""))
        .isEqualTo("\"https://ops.example/roles\"");
    assertThat(BearerTokenSettings.rolesClaimPath("realm_access/roles"))
        .isEqualTo("realm_access/roles");
  }
}
