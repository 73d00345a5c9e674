package org.margindesk.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Validator;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import org.jboss.resteasy.reactive.RestForm;
import org.margindesk.config.JsonText;
import org.margindesk.config.MarginDeskConfig;
import org.margindesk.ingest.ClockSkew;
import org.margindesk.request.Requests;
import org.margindesk.request.WhatIfRequest;
import org.margindesk.security.Roles;
import org.margindesk.service.DeskQueries;
import org.margindesk.service.FacilityService;
import org.margindesk.service.RiskIngestionService;

/**
 * An account: its facility and effective policy, the latest risk and its history drawn against the
 * thresholds, and a what-if that evaluates figures without storing anything.
 */
@ConsolePage
@Path("/console/accounts")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Roles.VIEWER)
public class AccountResource {
  static final int HISTORY = 100;

  private final FacilityService facilities;
  private final DeskQueries desk;
  private final RiskIngestionService ingestion;
  private final Clock clock;
  private final MarginDeskConfig config;
  private final ConsoleResponses responses;
  private final ObjectMapper json;
  private final Template page;
  private final Template whatIf;
  private final Validator validator;

  AccountResource(
      FacilityService facilities,
      DeskQueries desk,
      RiskIngestionService ingestion,
      Clock clock,
      MarginDeskConfig config,
      ConsoleResponses responses,
      ObjectMapper json,
      @Location("console/account.html") Template page,
      @Location("console/what-if.html") Template whatIf,
      Validator validator) {
    this.facilities = facilities;
    this.desk = desk;
    this.ingestion = ingestion;
    this.clock = clock;
    this.config = config;
    this.responses = responses;
    this.json = json;
    this.page = page;
    this.whatIf = whatIf;
    this.validator = validator;
  }

  /** The header's account search. */
  @GET
  public Response find(@QueryParam("id") String id) {
    String account = DeskResource.blankToNull(id);
    return Response.seeOther(
            URI.create(
                account == null
                    ? "/console"
                    : "/console/accounts/" + ConsoleResponses.encode(account)))
        .build();
  }

  @GET
  @Path("{accountId}")
  public TemplateInstance account(@PathParam("accountId") String accountId) {
    FacilityService.AccountOverview overview =
        facilities
            .account(accountId)
            .orElseThrow(() -> new NotFoundException("no facility for " + accountId));
    var history = desk.riskHistory(accountId, HISTORY);
    return page.data("page", "desk")
        .data("accountId", accountId)
        .data("a", overview)
        .data("facility", overview.facility())
        .data("history", history)
        .data("chart", chart(overview, history));
  }

  /**
   * The form is checked as the API's what-if body is, so a bad figure is refused with the API's
   * field names and words; nothing is stored.
   */
  @POST
  @Path("{accountId}/what-if")
  public Response whatIf(
      @PathParam("accountId") String accountId,
      @RestForm String collateralBalance,
      @RestForm String maintenanceMarginRatio) {
    return responses.show(
        () -> {
          WhatIfRequest request =
              new WhatIfRequest(
                  null,
                  FormJson.given(accountId),
                  null,
                  FormJson.decimal("collateralBalance", collateralBalance),
                  FormJson.decimal("maintenanceMarginRatio", maintenanceMarginRatio));
          ClockSkew skew = new ClockSkew(clock.instant(), config.ingest().maxClockSkew());
          return whatIf.data(
              "answer", ingestion.whatIf(Requests.check(validator, request).snapshot(skew)));
        });
  }

  private String chart(
      FacilityService.AccountOverview overview, java.util.List<DeskQueries.RiskPoint> history) {
    var policy = overview.facility().policy();
    return JsonText.write(
        json,
        Map.of(
            "points", history,
            "topUpLevel", policy.minTopUpBalance(),
            "terminationLevel", policy.terminationAmount(),
            "mmrMarginCall", policy.mmrMarginCall(),
            "mmrLiquidation", policy.mmrLiquidation()));
  }
}
