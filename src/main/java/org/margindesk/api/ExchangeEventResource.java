package org.margindesk.api;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.margindesk.ingest.BinanceEventParser;
import org.margindesk.security.Roles;
import org.margindesk.service.RiskIngestionService;

/**
 * Raw exchange user-data-stream events. The body is taken as text and parsed here, so the exact
 * payload can be stored and a syntax error reported with its line and column.
 */
@Path("/api/v1/exchange-events")
@Produces(MediaType.APPLICATION_JSON)
public class ExchangeEventResource {
  private final RiskIngestionService ingestion;
  private final SecurityIdentity identity;

  ExchangeEventResource(RiskIngestionService ingestion, SecurityIdentity identity) {
    this.ingestion = ingestion;
    this.identity = identity;
  }

  @POST
  @Path("/binance")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Roles.FEED)
  public Response binance(String raw) {
    return Response.accepted(
            ingestion.ingest(BinanceEventParser.parse(raw), raw, Callers.actor(identity)))
        .build();
  }
}
