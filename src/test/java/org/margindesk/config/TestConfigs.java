package org.margindesk.config;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.HashMap;
import java.util.Map;

/** Configuration mappings built without Quarkus, for unit tests. */
public final class TestConfigs {
  private TestConfigs() {}

  /** The service's configuration with the least a start needs, and the given role (or none). */
  public static MarginDeskConfig withRole(String role) {
    Map<String, String> values = new HashMap<>();
    values.put("margin-desk.temporal.target", "127.0.0.1:7233");
    values.put("margin-desk.temporal.namespace", "margin-desk");
    values.put("margin-desk.gateway.kind", "simulated");
    if (role != null) {
      values.put("margin-desk.role", role);
    }
    SmallRyeConfig config =
        new SmallRyeConfigBuilder()
            .withMapping(MarginDeskConfig.class)
            .withSources(new PropertiesConfigSource(values, "test", 100))
            .build();
    return config.getConfigMapping(MarginDeskConfig.class);
  }
}
