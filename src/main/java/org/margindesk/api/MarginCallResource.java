package org.margindesk.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.margindesk.api.problem.ApiException;
import org.margindesk.security.Roles;
import org.margindesk.service.MarginCallQueries;
import org.margindesk.service.MarginCallViews.MarginCallDetail;
import org.margindesk.service.MarginCallViews.MarginCallPage;

/** Margin calls: the list, one call with everything about it, and supervisors' actions. */
@Path("/api/v1/margin-calls")
@Produces(MediaType.APPLICATION_JSON)
public class MarginCallResource {
  private final MarginCallQueries queries;

  MarginCallResource(MarginCallQueries queries) {
    this.queries = queries;
  }

  @GET
  @RolesAllowed(Roles.VIEWER)
  public MarginCallPage list(@BeanParam MarginCallListParams params) {
    MarginCallListParams.Checked query = params.check();
    return queries.list(query.status(), query.accountId(), query.limit(), query.cursor());
  }

  @GET
  @Path("{callId}")
  @RolesAllowed(Roles.VIEWER)
  public MarginCallDetail get(@PathParam("callId") String callId) {
    return queries
        .detail(callId)
        .orElseThrow(() -> ApiException.notFound("No margin call '" + callId + "'"));
  }
}
