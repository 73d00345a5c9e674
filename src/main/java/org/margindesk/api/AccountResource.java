package org.margindesk.api;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.margindesk.api.problem.Problem;
import org.margindesk.domain.Refusal;
import org.margindesk.request.FacilityRequest;
import org.margindesk.service.AccountView;
import org.margindesk.service.Actor;
import org.margindesk.service.FacilityService;
import org.margindesk.service.FacilityView;

/** Facilities and the account view. */
@Path("/api/v1/accounts/{accountId}")
@Tag(name = "Accounts", description = "Margin+ facilities and the account view")
@Produces(MediaType.APPLICATION_JSON)
public class AccountResource {
  private final FacilityService facilities;
  private final SecurityIdentity identity;

  AccountResource(FacilityService facilities, SecurityIdentity identity) {
    this.facilities = facilities;
    this.identity = identity;
  }

  @PUT
  @Path("/facility")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(org.margindesk.security.Roles.SUPERVISOR)
  @Operation(
      operationId = "putFacility",
      summary = "Register or change a facility",
      description =
          "Creates the account's Margin+ facility or replaces it whole: a policy value left out"
              + " takes the configured default. Role: supervisor.")
  @RequestBody(
      required = true,
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = FacilityRequest.class),
              examples =
                  @ExampleObject(
                      name = "10,000 USDT, 6-hour window",
                      value = OpenApiExamples.FACILITY_REQUEST)))
  @APIResponse(
      responseCode = "201",
      description = "Registered; the facility with its effective policy",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = FacilityView.class),
              examples = @ExampleObject(name = "facility", value = OpenApiExamples.FACILITY)))
  @APIResponse(
      responseCode = "200",
      description = "Changed; the facility with its effective policy",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = FacilityView.class)))
  @APIResponse(
      responseCode = "409",
      description = "The exchange alias belongs to another account",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              examples =
                  @ExampleObject(
                      name = "alias taken",
                      value = OpenApiExamples.PROBLEM_ALIAS_TAKEN)))
  @APIResponse(
      responseCode = "422",
      description =
          "The merged policy is inconsistent (termination ratio above the top-up ratio, MMR"
              + " liquidation level above the margin-call level), or the Idempotency-Key was"
              + " already used with another body")
  public Response putFacility(
      @PathParam("accountId") String accountId, @Valid FacilityRequest body) {
    AccountIds.check(accountId);
    FacilityService.Saved saved = facilities.put(accountId, body.command(), Actor.of(identity));
    return Response.status(saved.created() ? 201 : 200).entity(saved.facility()).build();
  }

  @GET
  @RolesAllowed(org.margindesk.security.Roles.VIEWER)
  @Operation(
      operationId = "getAccount",
      summary = "The account view",
      description =
          "The facility with its effective policy, the latest risk, the exchange's restrictions"
              + " and the open margin call, if any. Role: viewer (operators and supervisors too).")
  @APIResponse(
      responseCode = "200",
      description = "The account",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = AccountView.class),
              examples =
                  @ExampleObject(
                      name = "account with an open call",
                      value = OpenApiExamples.ACCOUNT)))
  @APIResponse(responseCode = "404", ref = OpenApiDefinition.FACILITY_NOT_FOUND)
  public AccountView get(@PathParam("accountId") String accountId) {
    AccountIds.check(accountId);
    FacilityService.AccountOverview overview =
        facilities
            .account(accountId)
            .orElseThrow(() -> Refusal.notFound("No facility for account '" + accountId + "'"));
    return overview.view(accountId);
  }
}
