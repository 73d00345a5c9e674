package org.margindesk.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The settings production mode cannot run without. Checked before anything tries to connect, so a
 * missing one is reported by name instead of as a connection failure deep in a stack trace.
 */
public final class RequiredProductionSettings {
  /**
   * No default in production: a service that silently drove the simulated exchange would audit
   * restrictions and liquidations that never reached the real one.
   */
  public static final String GATEWAY_KIND = "margin-desk.gateway.kind";

  public static final String GATEWAY_HTTP_URL = "margin-desk.gateway.http.url";

  public static final List<String> KEYS =
      List.of(
          "quarkus.datasource.jdbc.url",
          "quarkus.datasource.username",
          "quarkus.datasource.password",
          "margin-desk.temporal.target",
          "margin-desk.temporal.namespace",
          GATEWAY_KIND);

  private RequiredProductionSettings() {}

  /**
   * What is missing, each entry naming its key(s) with the environment variable that sets it: the
   * keys above, and the bearer-token settings (BearerTokenSettings#missingInProduction).
   */
  public static List<String> missing(Function<String, Optional<String>> lookup) {
    List<String> missing = new ArrayList<>();
    KEYS.stream()
        .filter(key -> lookup.apply(key).filter(v -> !v.isBlank()).isEmpty())
        .map(RequiredProductionSettings::withEnvName)
        .forEach(missing::add);
    boolean httpGateway =
        lookup.apply(GATEWAY_KIND).filter(kind -> kind.trim().equalsIgnoreCase("http")).isPresent();
    if (httpGateway && lookup.apply(GATEWAY_HTTP_URL).filter(v -> !v.isBlank()).isEmpty()) {
      missing.add(withEnvName(GATEWAY_HTTP_URL));
    }
    missing.addAll(BearerTokenSettings.missingInProduction(lookup));
    return missing;
  }

  public static String describe(List<String> missing) {
    return "Margin Desk cannot start in production mode: missing required configuration "
        + String.join(", ", missing)
        + ". Set "
        + (missing.size() == 1 ? "it" : "them")
        + ", or set margin-desk.embedded.enabled=true (MARGIN_DESK_EMBEDDED_ENABLED=true) to run"
        + " with embedded PostgreSQL and Temporal.";
  }

  public static String withEnvName(String key) {
    return key + " (env " + envName(key) + ")";
  }

  /** The environment variable that sets a configuration key (MicroProfile Config's mapping). */
  public static String envName(String key) {
    return key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
  }
}
