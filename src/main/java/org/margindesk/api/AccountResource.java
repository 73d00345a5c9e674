package org.margindesk.api;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.margindesk.api.problem.ApiException;
import org.margindesk.domain.Money;
import org.margindesk.gateway.AccountControls;
import org.margindesk.persistence.AccountRiskEntity;
import org.margindesk.service.FacilityService;
import org.margindesk.service.FacilityView;

/** Facilities and the account view. */
@Path("/api/v1/accounts/{accountId}")
@Produces(MediaType.APPLICATION_JSON)
public class AccountResource {
  private final FacilityService facilities;
  private final SecurityIdentity identity;

  AccountResource(FacilityService facilities, SecurityIdentity identity) {
    this.facilities = facilities;
    this.identity = identity;
  }

  public record LatestRisk(
      String collateralBalance, String maintenanceMarginRatio, String asOf, String assessment) {}

  public record AccountView(
      String accountId,
      FacilityView facility,
      LatestRisk latestRisk,
      AccountControls restrictions,
      String openMarginCallId) {}

  @PUT
  @Path("/facility")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(org.margindesk.security.Roles.SUPERVISOR)
  public Response putFacility(@PathParam("accountId") String accountId, String body) {
    FacilityRequests.checkAccountId(accountId);
    FacilityService.Saved saved =
        facilities.put(accountId, FacilityRequests.parse(body), Callers.actor(identity));
    return Response.status(saved.created() ? 201 : 200).entity(saved.facility()).build();
  }

  @GET
  @RolesAllowed(org.margindesk.security.Roles.VIEWER)
  public AccountView get(@PathParam("accountId") String accountId) {
    FacilityRequests.checkAccountId(accountId);
    FacilityService.AccountOverview overview =
        facilities
            .account(accountId)
            .orElseThrow(
                () -> ApiException.notFound("No facility for account '" + accountId + "'"));
    AccountRiskEntity risk = overview.risk();
    return new AccountView(
        accountId,
        overview.facility(),
        risk == null
            ? null
            : new LatestRisk(
                plain(risk.collateralBalance),
                plain(risk.maintenanceMarginRatio),
                risk.asOf.toString(),
                risk.assessment),
        overview.restrictions(),
        overview.openMarginCallId().orElse(null));
  }

  private static String plain(java.math.BigDecimal value) {
    return value == null ? null : Money.format(value.stripTrailingZeros());
  }
}
