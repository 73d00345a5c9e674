package org.margindesk.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns the project's bearer-token settings ({@code margin-desk.security.bearer.*}, the keys the
 * deployment manifests set) into quarkus-oidc's configuration of the default tenant, a service
 * application that verifies bearer tokens locally against the issuer's keys. Without an issuer or a
 * JWKS URL the tenant is off, which is how embedded mode runs with its Basic users alone.
 */
public final class BearerTokenSettings {
  public static final String ISSUER = "margin-desk.security.bearer.issuer";
  public static final String JWKS_URL = "margin-desk.security.bearer.jwks-url";
  public static final String AUDIENCE = "margin-desk.security.bearer.audience";
  public static final String ROLES_CLAIM = "margin-desk.security.bearer.roles-claim";
  public static final String PRINCIPAL_CLAIM = "margin-desk.security.bearer.principal-claim";

  public static final String DEFAULT_ROLES_CLAIM = "groups";
  public static final String DEFAULT_PRINCIPAL_CLAIM = "preferred_username";

  private BearerTokenSettings() {}

  /** The {@code quarkus.oidc.*} properties for these settings. */
  public static Map<String, String> oidcProperties(Function<String, Optional<String>> lookup) {
    Optional<String> issuer = present(lookup, ISSUER);
    Optional<String> jwksUrl = present(lookup, JWKS_URL);
    Map<String, String> oidc = new LinkedHashMap<>();
    if (issuer.isEmpty() && jwksUrl.isEmpty()) {
      oidc.put("quarkus.oidc.tenant-enabled", "false");
      return oidc;
    }
    oidc.put("quarkus.oidc.tenant-enabled", "true");
    oidc.put("quarkus.oidc.application-type", "service");
    if (jwksUrl.isPresent()) {
      // No discovery: the keys come from the given URL, and `iss` is checked against the
      // configured issuer when there is one.
      oidc.put("quarkus.oidc.discovery-enabled", "false");
      oidc.put("quarkus.oidc.auth-server-url", issuer.orElse(jwksUrl.get()));
      oidc.put("quarkus.oidc.jwks-path", jwksUrl.get());
      issuer.ifPresent(value -> oidc.put("quarkus.oidc.token.issuer", value));
    } else {
      // Discovery gives the JWKS and the issuer every token's `iss` must equal.
      oidc.put("quarkus.oidc.auth-server-url", issuer.get());
    }
    present(lookup, AUDIENCE).ifPresent(value -> oidc.put("quarkus.oidc.token.audience", value));
    oidc.put(
        "quarkus.oidc.roles.role-claim-path",
        rolesClaimPath(present(lookup, ROLES_CLAIM).orElse(DEFAULT_ROLES_CLAIM)));
    oidc.put(
        "quarkus.oidc.token.principal-claim",
        present(lookup, PRINCIPAL_CLAIM).orElse(DEFAULT_PRINCIPAL_CLAIM));
    // Four-eyes compares issuer-scoped subjects, so a token without `sub` identifies nobody.
    oidc.put("quarkus.oidc.token.subject-required", "true");
    return oidc;
  }

  /**
   * What production mode lacks: a source of keys (an issuer or a JWKS URL) and the audience the
   * tokens must be issued for. Each entry names the keys and their environment variables.
   */
  public static List<String> missingInProduction(Function<String, Optional<String>> lookup) {
    List<String> missing = new ArrayList<>();
    if (present(lookup, ISSUER).isEmpty() && present(lookup, JWKS_URL).isEmpty()) {
      missing.add(
          RequiredProductionSettings.withEnvName(ISSUER)
              + " or "
              + RequiredProductionSettings.withEnvName(JWKS_URL));
    }
    if (present(lookup, AUDIENCE).isEmpty()) {
      missing.add(RequiredProductionSettings.withEnvName(AUDIENCE));
    }
    return missing;
  }

  /**
   * quarkus-oidc separates the segments of a claim path with {@code /}; the project's key has
   * always taken dotted paths such as {@code realm_access.roles}. A path that already contains a
   * {@code /} (or quotes a namespaced claim name) is taken as quarkus-oidc's syntax, unchanged.
   */
  static String rolesClaimPath(String configured) {
    if (configured.contains("/") || configured.contains("\"")) {
      return configured;
    }
    return configured.replace('.', '/');
  }

  private static Optional<String> present(Function<String, Optional<String>> lookup, String key) {
    return lookup.apply(key).map(String::trim).filter(value -> !value.isEmpty());
  }
}
