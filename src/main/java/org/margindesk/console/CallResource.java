package org.margindesk.console;

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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestForm;
import org.margindesk.domain.CallStatus;
import org.margindesk.domain.WaiverStatus;
import org.margindesk.request.ExtensionRequest;
import org.margindesk.request.OptionalReasonRequest;
import org.margindesk.request.ReasonRequest;
import org.margindesk.request.Requests;
import org.margindesk.security.Roles;
import org.margindesk.service.MarginCallActions;
import org.margindesk.service.MarginCallQueries;
import org.margindesk.service.MarginCallViews.MarginCallDetail;
import org.margindesk.service.MarginCallViews.WaiverView;

/**
 * One margin call with everything about it, and the supervisors' actions on it. The page shows the
 * four-eyes rule (the requester's approve button is disabled); the call's workflow enforces it.
 */
@ConsolePage
@Path("/console/calls/{callId}")
@Produces(MediaType.TEXT_HTML)
public class CallResource {
  private final MarginCallQueries queries;
  private final MarginCallActions actions;
  private final ConsoleResponses responses;
  private final Console me;
  private final Template page;
  private final Validator validator;

  CallResource(
      MarginCallQueries queries,
      MarginCallActions actions,
      ConsoleResponses responses,
      Console me,
      @Location("console/call.html") Template page,
      Validator validator) {
    this.validator = validator;
    this.queries = queries;
    this.actions = actions;
    this.responses = responses;
    this.me = me;
    this.page = page;
  }

  @GET
  @RolesAllowed(Roles.VIEWER)
  public TemplateInstance call(
      @PathParam("callId") String callId, @QueryParam("notice") String notice) {
    MarginCallDetail call =
        queries.detail(callId).orElseThrow(() -> new NotFoundException("no call " + callId));
    WaiverView pending =
        call.waivers().stream()
            .filter(w -> WaiverStatus.PENDING.name().equals(w.status()))
            .findFirst()
            .orElse(null);
    return page.data("page", "desk")
        .data("call", call)
        .data("open", CallStatus.OPEN.name().equals(call.status()))
        .data("pending", pending)
        .data("notice", DeskResource.blankToNull(notice));
  }

  @POST
  @Path("extend")
  @RolesAllowed(Roles.SUPERVISOR)
  public Response extend(
      @PathParam("callId") String callId,
      @RestForm String extendBy,
      @RestForm String reason,
      @Context HttpHeaders headers) {
    return responses.act(
        headers,
        () -> {
          ExtensionRequest request =
              Requests.check(
                  validator,
                  new ExtensionRequest(FormJson.given(extendBy), FormJson.given(reason)));
          var granted = actions.extend(callId, request.duration(), request.reason(), me.actor());
          return "Deadline extended by "
              + granted.extendBy()
              + " to "
              + granted.newDeadline()
              + "; "
              + granted.remainingExtension()
              + " of the allowance left";
        },
        back(callId));
  }

  @POST
  @Path("escalate")
  @RolesAllowed(Roles.SUPERVISOR)
  public Response escalate(
      @PathParam("callId") String callId, @RestForm String reason, @Context HttpHeaders headers) {
    return responses.act(
        headers,
        back(callId),
        "Escalated: liquidation has started",
        () -> actions.escalate(callId, reason(reason), me.actor()));
  }

  @POST
  @Path("waivers")
  @RolesAllowed(Roles.SUPERVISOR)
  public Response requestWaiver(
      @PathParam("callId") String callId, @RestForm String reason, @Context HttpHeaders headers) {
    return responses.act(
        headers,
        back(callId),
        "Waiver requested; another supervisor decides it",
        () -> actions.requestWaiver(callId, reason(reason), me.actor()));
  }

  @POST
  @Path("waivers/{waiverId}/approve")
  @RolesAllowed(Roles.SUPERVISOR)
  public Response approveWaiver(
      @PathParam("callId") String callId,
      @PathParam("waiverId") String waiverId,
      @RestForm String reason,
      @Context HttpHeaders headers) {
    return responses.act(
        headers,
        back(callId),
        "Waiver approved: the call is waived",
        () ->
            actions.approveWaiver(
                callId,
                waiverId,
                Requests.check(validator, new OptionalReasonRequest(FormJson.given(reason)))
                    .reason(),
                me.actor()));
  }

  @POST
  @Path("waivers/{waiverId}/reject")
  @RolesAllowed(Roles.SUPERVISOR)
  public Response rejectWaiver(
      @PathParam("callId") String callId,
      @PathParam("waiverId") String waiverId,
      @RestForm String reason,
      @Context HttpHeaders headers) {
    return responses.act(
        headers,
        back(callId),
        "Waiver rejected; the call goes on",
        () -> actions.rejectWaiver(callId, waiverId, reason(reason), me.actor()));
  }

  /** A required reason left empty is named as the missing field, as the API names it. */
  private String reason(String reason) {
    return Requests.check(validator, new ReasonRequest(FormJson.given(reason))).reason();
  }

  private static String back(String callId) {
    return "/console/calls/" + ConsoleResponses.encode(callId);
  }
}
