package org.margindesk.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConsoleAuthSettingsTest {
  @Test
  void givenNoConsoleClient_whenConfigured_thenTheConsoleUsesTheFormLoginWithAKeyOfItsOwn() {
    Map<String, String> properties = ConsoleAuthSettings.properties(key -> Optional.empty());
    assertThat(properties).containsEntry(ConsoleAuthSettings.MECHANISM, "form");
    assertThat(properties.get(ConsoleAuthSettings.SESSION_KEY)).hasSizeGreaterThan(40);
    assertThat(properties.keySet()).noneMatch(key -> key.startsWith("quarkus.oidc."));
  }

  @Test
  void givenProductionWithAConsoleClient_whenConfigured_thenTheConsoleIsAnOidcWebApp() {
    Map<String, String> settings =
        Map.of(
            BearerTokenSettings.ISSUER, "https://sso.example/realms/ops",
            BearerTokenSettings.ROLES_CLAIM, "realm_access.roles",
            ConsoleAuthSettings.CLIENT_ID, "margin-desk-console",
            ConsoleAuthSettings.CLIENT_SECRET, "s3cret",
            ConsoleAuthSettings.SESSION_KEY, "configured-key-of-enough-length-0123456789");
    Map<String, String> properties =
        ConsoleAuthSettings.properties(key -> Optional.ofNullable(settings.get(key)));
    assertThat(properties)
        .containsEntry(ConsoleAuthSettings.MECHANISM, "code")
        .containsEntry("quarkus.oidc.console.application-type", "web-app")
        .containsEntry("quarkus.oidc.console.auth-server-url", "https://sso.example/realms/ops")
        .containsEntry("quarkus.oidc.console.client-id", "margin-desk-console")
        .containsEntry("quarkus.oidc.console.credentials.secret", "s3cret")
        .containsEntry("quarkus.oidc.console.tenant-paths", "/console,/console/*")
        .containsEntry("quarkus.oidc.console.roles.role-claim-path", "realm_access/roles")
        .doesNotContainKey(ConsoleAuthSettings.SESSION_KEY);
  }

  @Test
  void givenProductionWithoutAConsoleClient_whenConfigured_thenNobodyCanSignIn() {
    Map<String, String> properties =
        ConsoleAuthSettings.properties(
            key ->
                BearerTokenSettings.ISSUER.equals(key)
                    ? Optional.of("https://sso.example/realms/ops")
                    : Optional.empty());
    // The form stays, and the built-in users it checks do not exist in production.
    assertThat(properties).containsEntry(ConsoleAuthSettings.MECHANISM, "form");
    assertThat(properties.keySet()).noneMatch(key -> key.startsWith("quarkus.oidc."));
  }
}
