package org.margindesk.config;

import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** The port to the exchange: {@code margin-desk.gateway.*} (docs/gateway.md). */
public interface GatewaySettings {
  /**
   * Required in production (RequiredProductionSettings); embedded mode defaults it to simulated.
   */
  GatewayKind kind();

  HttpGateway http();

  SimulatedGateway simulated();

  interface SimulatedGateway {
    /**
     * For crash tests only: how long the simulated exchange holds each effect it performs (inside
     * the effect's transaction, after claiming its key) so that a test can kill the service in the
     * middle of an automatic step. Keys already performed, and ingestion's restrictions, are not
     * held. PT0S (the default) never holds.
     */
    @WithDefault("PT0S")
    Duration effectDelay();
  }

  enum GatewayKind {
    SIMULATED,
    HTTP
  }

  interface HttpGateway {
    /** Base URL of the exchange admin endpoint, e.g. https://exchange.example/admin/v1/. */
    Optional<URI> url();

    @WithDefault("PT2S")
    Duration connectTimeout();

    /** One request per activity attempt; Temporal's retry policy is the only retry layer. */
    @WithDefault("PT5S")
    Duration requestTimeout();

    /**
     * How many restriction requests ingestion's restrict-first path sends at once; a shock's
     * breaches queue behind this bound rather than opening a connection each.
     */
    @WithDefault("32")
    int maxInFlight();
  }
}
