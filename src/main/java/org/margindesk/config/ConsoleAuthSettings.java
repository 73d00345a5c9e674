package org.margindesk.config;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * How people sign in to the console at {@code /console}. With an OIDC client configured for it (as
 * production must), the console is an OIDC web-app (authorization-code flow) on a tenant of its
 * own, {@code console}, bound to the console's paths, while the default tenant keeps verifying the
 * API's bearer tokens. Without one, Quarkus's form login takes the built-in users of embedded mode
 * (production has none). The mechanism is pinned to {@code /console} alone, so {@code /api} keeps
 * answering 401 with its own challenge and never redirects to a login page.
 */
public final class ConsoleAuthSettings {
  public static final String CLIENT_ID = "margin-desk.security.console.client-id";
  public static final String CLIENT_SECRET = "margin-desk.security.console.client-secret";
  static final String SESSION_KEY = "quarkus.http.auth.session.encryption-key";
  static final String MECHANISM = "quarkus.http.auth.permission.console.auth-mechanism";

  private ConsoleAuthSettings() {}

  /**
   * The properties for the console's login. Without a client id, production's console has no way
   * in: the form login stays, and the built-in users it would check do not exist there. A client id
   * in embedded mode signs people in through that provider too, as in production.
   */
  public static Map<String, String> properties(Function<String, Optional<String>> lookup) {
    Map<String, String> properties = new LinkedHashMap<>();
    if (present(lookup, SESSION_KEY).isEmpty()) {
      // Quarkus would make up a key too, and print it in the log; one made here stays secret. A
      // restart then signs everyone out of the console, which several instances sharing one
      // login avoid by setting the key themselves (docs/console.md).
      byte[] key = new byte[32];
      new SecureRandom().nextBytes(key);
      properties.put(SESSION_KEY, Base64.getEncoder().encodeToString(key));
    }
    Optional<String> clientId = present(lookup, CLIENT_ID);
    Optional<String> issuer = present(lookup, BearerTokenSettings.ISSUER);
    if (clientId.isEmpty() || issuer.isEmpty()) {
      properties.put(MECHANISM, "form");
      return properties;
    }
    String tenant = "quarkus.oidc.console.";
    properties.put(tenant + "tenant-enabled", "true");
    properties.put(tenant + "application-type", "web-app");
    properties.put(tenant + "auth-server-url", issuer.get());
    properties.put(tenant + "client-id", clientId.get());
    present(lookup, CLIENT_SECRET)
        .ifPresent(secret -> properties.put(tenant + "credentials.secret", secret));
    properties.put(tenant + "tenant-paths", "/console,/console/*");
    // Roles and identity come from the ID token, read with the same claims as bearer tokens, so a
    // person is the same iss#sub in the console as through the API (four-eyes compares it).
    properties.put(tenant + "roles.source", "idtoken");
    properties.put(
        tenant + "roles.role-claim-path",
        BearerTokenSettings.rolesClaimPath(
            present(lookup, BearerTokenSettings.ROLES_CLAIM)
                .orElse(BearerTokenSettings.DEFAULT_ROLES_CLAIM)));
    properties.put(
        tenant + "token.principal-claim",
        present(lookup, BearerTokenSettings.PRINCIPAL_CLAIM)
            .orElse(BearerTokenSettings.DEFAULT_PRINCIPAL_CLAIM));
    properties.put(tenant + "token.subject-required", "true");
    properties.put(tenant + "authentication.restore-path-after-redirect", "true");
    properties.put(tenant + "authentication.cookie-same-site", "lax");
    properties.put(tenant + "logout.path", "/console/logout");
    properties.put(tenant + "logout.post-logout-path", "/console/login");
    properties.put(MECHANISM, "code");
    return properties;
  }

  private static Optional<String> present(Function<String, Optional<String>> lookup, String key) {
    return lookup.apply(key).map(String::trim).filter(value -> !value.isEmpty());
  }
}
