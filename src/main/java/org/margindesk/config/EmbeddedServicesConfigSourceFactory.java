package org.margindesk.config;

import io.quarkus.runtime.ExecutionMode;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.margindesk.embedded.EmbeddedServices;
import org.margindesk.embedded.EmbeddedStartException;

/**
 * Runs while the runtime configuration is assembled, which is the only hook that comes before
 * Flyway and Hibernate open their first connection. In embedded mode it starts PostgreSQL and
 * Temporal and supplies their addresses; in production mode it checks the required settings. In
 * both it derives quarkus-oidc's settings from the project's bearer-token keys.
 */
public class EmbeddedServicesConfigSourceFactory implements ConfigSourceFactory {
  /** Above application.properties (250), below environment variables (300). */
  static final int ORDINAL = 275;

  @Override
  public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
    if (ExecutionMode.current() == ExecutionMode.UNSET) {
      // The Quarkus build also assembles configuration; nothing is started or checked there.
      return List.of();
    }
    if (!Boolean.parseBoolean(value(context, "margin-desk.embedded.enabled").orElse("false"))) {
      List<String> missing = RequiredProductionSettings.missing(key -> value(context, key));
      if (!missing.isEmpty()) {
        throw new ConfigurationException(RequiredProductionSettings.describe(missing));
      }
      Map<String, String> production = oidc(context);
      production.putAll(ConsoleAuthSettings.properties(key -> value(context, key)));
      return List.of(source(production));
    }
    EmbeddedServices.Settings settings =
        new EmbeddedServices.Settings(
            Path.of(value(context, "margin-desk.embedded.data-dir").orElse(".margin-desk")),
            Integer.parseInt(value(context, "margin-desk.embedded.postgres-port").orElse("15432")),
            Integer.parseInt(value(context, "margin-desk.embedded.temporal-port").orElse("7233")),
            Boolean.parseBoolean(
                value(context, "margin-desk.embedded.reset-on-start").orElse("false")));
    EmbeddedServices.Endpoints endpoints;
    try {
      endpoints = EmbeddedServices.ensureStarted(settings);
    } catch (EmbeddedStartException e) {
      // ConfigurationException is reported by Quarkus as its message alone, not a stack trace.
      throw new ConfigurationException(e.getMessage());
    }
    Map<String, String> properties = oidc(context);
    properties.putAll(ConsoleAuthSettings.properties(key -> value(context, key)));
    properties.put("quarkus.datasource.jdbc.url", endpoints.jdbcUrl());
    properties.put("quarkus.datasource.username", "postgres");
    properties.put("quarkus.datasource.password", "embedded");
    properties.put("margin-desk.temporal.target", endpoints.temporalTarget());
    properties.put("margin-desk.temporal.in-process-name", endpoints.temporalInProcessName());
    properties.put("margin-desk.temporal.namespace", "default");
    // Embedded mode is for trying the service out: e-mail stays in the mock mailbox, and the
    // exchange is the simulated one unless another is named.
    properties.put("quarkus.mailer.mock", "true");
    if (value(context, RequiredProductionSettings.GATEWAY_KIND).isEmpty()) {
      properties.put(RequiredProductionSettings.GATEWAY_KIND, "simulated");
    }
    return List.of(source(properties));
  }

  /** Bearer tokens are verified by quarkus-oidc, configured from margin-desk.security.bearer.*. */
  private static Map<String, String> oidc(ConfigSourceContext context) {
    return new HashMap<>(BearerTokenSettings.oidcProperties(key -> value(context, key)));
  }

  private static ConfigSource source(Map<String, String> properties) {
    return new PropertiesConfigSource(properties, "margin-desk-derived", ORDINAL);
  }

  @Override
  public OptionalInt getPriority() {
    return OptionalInt.of(ORDINAL);
  }

  private static Optional<String> value(ConfigSourceContext context, String key) {
    ConfigValue value = context.getValue(key);
    return Optional.ofNullable(value == null ? null : value.getValue());
  }
}
