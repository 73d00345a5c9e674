package org.margindesk.health;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.margindesk.config.GatewaySettings;
import org.margindesk.config.MarginDeskConfig;

/**
 * Says which exchange the service drives, so that a probe or a dashboard shows at once an instance
 * that restricts accounts only on the simulated exchange.
 */
@Readiness
@ApplicationScoped
public class ExchangeGatewayReadinessCheck implements HealthCheck {
  private final GatewaySettings gateway;

  ExchangeGatewayReadinessCheck(MarginDeskConfig config) {
    this.gateway = config.gateway();
  }

  @Override
  public HealthCheckResponse call() {
    var response =
        HealthCheckResponse.named("exchange-gateway")
            .up()
            .withData("kind", gateway.kind().name().toLowerCase(Locale.ROOT))
            .withData("simulated", gateway.kind() == GatewaySettings.GatewayKind.SIMULATED);
    gateway.http().url().ifPresent(url -> response.withData("url", url.toString()));
    return response.build();
  }
}
