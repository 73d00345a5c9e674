package org.margindesk.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.net.URI;
import org.margindesk.config.GatewaySettings;
import org.margindesk.config.MarginDeskConfig;

/** Chooses the gateway named by {@code margin-desk.gateway.kind}. */
@ApplicationScoped
public class ExchangeGatewayProducer {

  @Produces
  @ApplicationScoped
  ExchangeGateway gateway(MarginDeskConfig config, SimulatedExchange simulated, ObjectMapper json) {
    GatewaySettings gateway = config.gateway();
    return switch (gateway.kind()) {
      case SIMULATED -> simulated;
      case HTTP -> {
        GatewaySettings.HttpGateway http = gateway.http();
        URI url =
            http.url()
                .orElseThrow(
                    () ->
                        new IllegalStateException(
                            "margin-desk.gateway.http.url (MARGIN_DESK_GATEWAY_HTTP_URL) is"
                                + " required when margin-desk.gateway.kind=http"));
        yield new HttpExchangeGateway(
            url, http.connectTimeout(), http.requestTimeout(), http.maxInFlight(), json);
      }
    };
  }
}
