package org.margindesk.api;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.margindesk.api.problem.ApiException;
import org.margindesk.security.Roles;
import org.margindesk.service.MarginCallActions;
import org.margindesk.service.MarginCallQueries;
import org.margindesk.service.MarginCallViews.ExtensionGrantedView;
import org.margindesk.service.MarginCallViews.MarginCallDetail;
import org.margindesk.service.MarginCallViews.MarginCallItem;
import org.margindesk.service.MarginCallViews.MarginCallPage;
import org.margindesk.service.MarginCallViews.WaiverAnswer;

/**
 * Margin calls: the list, one call with everything about it, and supervisors' actions (deadline
 * extensions, escalation, four-eyes waivers), each of which the call's workflow decides.
 */
@Path("/api/v1/margin-calls")
@Produces(MediaType.APPLICATION_JSON)
public class MarginCallResource {
  private final MarginCallQueries queries;
  private final MarginCallActions actions;
  private final SecurityIdentity identity;

  MarginCallResource(
      MarginCallQueries queries, MarginCallActions actions, SecurityIdentity identity) {
    this.queries = queries;
    this.actions = actions;
    this.identity = identity;
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

  /** {@code {"extendBy":"PT6H","reason":"…"}}: 201 with the new deadline and the allowance left. */
  @POST
  @Path("{callId}/extensions")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Roles.SUPERVISOR)
  public Response extend(@PathParam("callId") String callId, String body) {
    MarginCallRequests.Extension request = MarginCallRequests.extension(body);
    ExtensionGrantedView granted =
        actions.extend(callId, request.extendBy(), request.reason(), Callers.actor(identity));
    return Response.status(Response.Status.CREATED).entity(granted).build();
  }

  /** {@code {"reason":"…"}}: liquidation starts now; 200 with the call, now LIQUIDATING. */
  @POST
  @Path("{callId}/escalations")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Roles.SUPERVISOR)
  public MarginCallItem escalate(@PathParam("callId") String callId, String body) {
    return actions.escalate(callId, MarginCallRequests.reason(body, true), Callers.actor(identity));
  }

  /** {@code {"reason":"…"}}: 201 with the pending request; a different supervisor decides it. */
  @POST
  @Path("{callId}/waivers")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Roles.SUPERVISOR)
  public Response requestWaiver(@PathParam("callId") String callId, String body) {
    WaiverAnswer waiver =
        actions.requestWaiver(
            callId, MarginCallRequests.reason(body, true), Callers.actor(identity));
    return Response.status(Response.Status.CREATED).entity(waiver).build();
  }

  /** Optional {@code {"reason":"…"}}: the call ends WAIVED; the requester gets 403. */
  @POST
  @Path("{callId}/waivers/{waiverId}/approve")
  @RolesAllowed(Roles.SUPERVISOR)
  public WaiverAnswer approveWaiver(
      @PathParam("callId") String callId, @PathParam("waiverId") String waiverId, String body) {
    return actions.approveWaiver(
        callId, waiverId, MarginCallRequests.reason(body, false), Callers.actor(identity));
  }

  /** {@code {"reason":"…"}} (required): the request is discarded, the call goes on. */
  @POST
  @Path("{callId}/waivers/{waiverId}/reject")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Roles.SUPERVISOR)
  public WaiverAnswer rejectWaiver(
      @PathParam("callId") String callId, @PathParam("waiverId") String waiverId, String body) {
    return actions.rejectWaiver(
        callId, waiverId, MarginCallRequests.reason(body, true), Callers.actor(identity));
  }
}
