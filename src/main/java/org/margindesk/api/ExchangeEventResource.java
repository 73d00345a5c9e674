package org.margindesk.api;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.margindesk.api.problem.Problem;
import org.margindesk.config.MarginDeskConfig;
import org.margindesk.ingest.BinanceEventParser;
import org.margindesk.ingest.ClockSkew;
import org.margindesk.security.Roles;
import org.margindesk.service.Actor;
import org.margindesk.service.RiskIngestionService;

/**
 * Raw exchange user-data-stream events. The body is taken as text and parsed here, so the exact
 * payload can be stored and a syntax error reported with its line and column.
 */
@Tag(name = "Risk ingestion")
@Path("/api/v1/exchange-events")
@Produces(MediaType.APPLICATION_JSON)
public class ExchangeEventResource {
  private final RiskIngestionService ingestion;
  private final SecurityIdentity identity;
  private final Clock clock;
  private final MarginDeskConfig config;

  ExchangeEventResource(
      RiskIngestionService ingestion,
      SecurityIdentity identity,
      Clock clock,
      MarginDeskConfig config) {
    this.ingestion = ingestion;
    this.identity = identity;
    this.clock = clock;
    this.config = config;
  }

  @POST
  @Path("/binance")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Roles.FEED)
  @Operation(
      operationId = "ingestBinanceEvent",
      summary = "Ingest a raw Binance event",
      description =
          "A Binance user-data-stream MARGIN_CALL or ACCOUNT_UPDATE event exactly "
              + "as received; the payload is stored verbatim. The facility is found by "
              + "the event's alias (field i); duplicates (same i, e, E, T) change "
              + "nothing. Role: feed.")
  @RequestBody(
      required = true,
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema =
                  @Schema(
                      type = SchemaType.OBJECT,
                      description =
                          "The event as the exchange sent it; e is MARGIN_CALL or ACCOUNT_UPDATE"),
              examples =
                  @ExampleObject(
                      name = "MARGIN_CALL",
                      value = OpenApiExamples.BINANCE_MARGIN_CALL)))
  @APIResponse(
      responseCode = "202",
      description =
          "Applied (or recognised as a duplicate or stale); the assessment and the "
              + "rules that fired",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = RiskIngestionService.Outcome.class)))
  @APIResponse(responseCode = "404", description = "No facility has the event's exchange alias")
  @APIResponse(
      responseCode = "422",
      description =
          "An event type that carries no risk, an event with nothing to evaluate, or an"
              + " Idempotency-Key already used with another body",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              examples =
                  @ExampleObject(
                      name = "unsupported event type",
                      value = OpenApiExamples.PROBLEM_UNSUPPORTED_EVENT)))
  @APIResponse(responseCode = "503", ref = OpenApiDefinition.INGESTION_UNAVAILABLE)
  public Response binance(String raw) {
    ClockSkew skew = new ClockSkew(clock.instant(), config.ingest().maxClockSkew());
    return Response.accepted(
            ingestion.ingest(BinanceEventParser.parse(raw, skew), raw, Actor.of(identity)))
        .build();
  }
}
