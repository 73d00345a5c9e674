package org.margindesk.api;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.margindesk.api.problem.Problem;
import org.margindesk.domain.Refusal;
import org.margindesk.paging.Page;
import org.margindesk.request.ExtensionRequest;
import org.margindesk.request.OptionalReasonRequest;
import org.margindesk.request.ReasonRequest;
import org.margindesk.security.Roles;
import org.margindesk.service.Actor;
import org.margindesk.service.MarginCallActions;
import org.margindesk.service.MarginCallQueries;
import org.margindesk.service.MarginCallViews.ExtensionGrantedView;
import org.margindesk.service.MarginCallViews.MarginCallDetail;
import org.margindesk.service.MarginCallViews.MarginCallItem;
import org.margindesk.service.MarginCallViews.WaiverAnswer;

/**
 * Margin calls: the list, one call with everything about it, and supervisors' actions (deadline
 * extensions, escalation, four-eyes waivers), each of which the call's workflow decides.
 */
@Tag(name = "Margin calls", description = "Margin calls and supervisors' actions on them")
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
  @Operation(
      operationId = "listMarginCalls",
      summary = "List margin calls",
      description =
          "Newest first; filters status and accountId; limit 1 to 500 (default 50) "
              + "and the opaque cursor from nextCursor. Role: viewer (operators and "
              + "supervisors too).")
  @APIResponse(
      responseCode = "200",
      description = "A page of calls; nextCursor is null on the last page",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = MarginCallPage.class),
              examples =
                  @ExampleObject(name = "one open call", value = OpenApiExamples.MARGIN_CALL_PAGE)))
  public Page<MarginCallItem> list(@BeanParam MarginCallListParams params) {
    MarginCallListParams.Checked query = params.check();
    return queries.list(query.status(), query.accountId(), query.limit(), query.cursor());
  }

  @GET
  @Path("{callId}")
  @RolesAllowed(Roles.VIEWER)
  @Operation(
      operationId = "getMarginCall",
      summary = "One margin call with everything about it",
      description =
          "The call with the policy it opened under, the exchange's current "
              + "restrictions, extensions (with total and remaining), waivers, operator "
              + "tasks, notifications and the timeline from the audit trail. Role: viewer"
              + " (operators and supervisors too).")
  @APIResponse(
      responseCode = "200",
      description = "The call",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = MarginCallDetail.class)))
  @APIResponse(responseCode = "404", ref = OpenApiDefinition.CALL_NOT_FOUND)
  public MarginCallDetail get(@PathParam("callId") String callId) {
    return queries
        .detail(callId)
        .orElseThrow(() -> Refusal.notFound("No margin call '" + callId + "'"));
  }

  /** {@code {"extendBy":"PT6H","reason":"…"}}: 201 with the new deadline and the allowance left. */
  @POST
  @Path("{callId}/extensions")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Roles.SUPERVISOR)
  @Operation(
      operationId = "extendMarginCall",
      summary = "Extend the deadline",
      description =
          "Moves the deadline of an OPEN call by extendBy; in total at most the "
              + "policy's maxExtension. The call's workflow decides. Role: supervisor.")
  @RequestBody(
      required = true,
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ExtensionRequest.class),
              examples =
                  @ExampleObject(
                      name = "six more hours",
                      value = OpenApiExamples.EXTENSION_REQUEST)))
  @APIResponse(
      responseCode = "201",
      description = "Granted: the new deadline and what is left of the allowance",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ExtensionGrantedView.class),
              examples =
                  @ExampleObject(name = "granted", value = OpenApiExamples.EXTENSION_GRANTED)))
  @APIResponse(responseCode = "404", ref = OpenApiDefinition.CALL_NOT_FOUND)
  @APIResponse(
      responseCode = "409",
      description = "Over the maxExtension allowance, or the call is no longer OPEN",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              examples =
                  @ExampleObject(
                      name = "over the cap",
                      value = OpenApiExamples.PROBLEM_EXTENSION_EXCEEDED)))
  @APIResponse(responseCode = "503", ref = OpenApiDefinition.WORKFLOW_UNAVAILABLE)
  public Response extend(@PathParam("callId") String callId, @Valid ExtensionRequest body) {
    ExtensionGrantedView granted =
        actions.extend(callId, body.duration(), body.reason(), Actor.of(identity));
    return Response.status(Response.Status.CREATED).entity(granted).build();
  }

  /** {@code {"reason":"…"}}: liquidation starts now; 200 with the call, now LIQUIDATING. */
  @POST
  @Path("{callId}/escalations")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Roles.SUPERVISOR)
  @Operation(
      operationId = "escalateMarginCall",
      summary = "Escalate to liquidation now",
      description =
          "Starts liquidation at once, before the deadline; the call becomes "
              + "LIQUIDATING. Role: supervisor.")
  @RequestBody(
      required = true,
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ReasonRequest.class),
              examples =
                  @ExampleObject(
                      name = "collateral withdrawn elsewhere",
                      value = OpenApiExamples.ESCALATION_REQUEST)))
  @APIResponse(
      responseCode = "200",
      description = "The call, now LIQUIDATING",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = MarginCallItem.class),
              examples =
                  @ExampleObject(
                      name = "liquidating",
                      value = OpenApiExamples.MARGIN_CALL_ESCALATED)))
  @APIResponse(responseCode = "404", ref = OpenApiDefinition.CALL_NOT_FOUND)
  @APIResponse(
      responseCode = "409",
      description = "The call is not in a state that allows this (e.g. already closed)")
  @APIResponse(responseCode = "503", ref = OpenApiDefinition.WORKFLOW_UNAVAILABLE)
  public MarginCallItem escalate(@PathParam("callId") String callId, @Valid ReasonRequest body) {
    return actions.escalate(callId, body.reason(), Actor.of(identity));
  }

  /** {@code {"reason":"…"}}: 201 with the pending request; a different supervisor decides it. */
  @POST
  @Path("{callId}/waivers")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Roles.SUPERVISOR)
  @Operation(
      operationId = "requestWaiver",
      summary = "Request a waiver",
      description =
          "Asks to waive the call; a different supervisor approves or rejects the "
              + "request (four-eyes). One pending request at a time. Role: supervisor.")
  @RequestBody(
      required = true,
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ReasonRequest.class),
              examples =
                  @ExampleObject(
                      name = "price feed error",
                      value = OpenApiExamples.WAIVER_REQUEST)))
  @APIResponse(
      responseCode = "201",
      description = "The pending request",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = WaiverAnswer.class),
              examples = @ExampleObject(name = "pending", value = OpenApiExamples.WAIVER_PENDING)))
  @APIResponse(responseCode = "404", ref = OpenApiDefinition.CALL_NOT_FOUND)
  @APIResponse(
      responseCode = "409",
      description = "A request is already pending, or the call is not open")
  @APIResponse(responseCode = "503", ref = OpenApiDefinition.WORKFLOW_UNAVAILABLE)
  public Response requestWaiver(@PathParam("callId") String callId, @Valid ReasonRequest body) {
    WaiverAnswer waiver = actions.requestWaiver(callId, body.reason(), Actor.of(identity));
    return Response.status(Response.Status.CREATED).entity(waiver).build();
  }

  /** Optional {@code {"reason":"…"}}: the call ends WAIVED; the requester gets 403. */
  @POST
  @Path("{callId}/waivers/{waiverId}/approve")
  @RolesAllowed(Roles.SUPERVISOR)
  @Operation(
      operationId = "approveWaiver",
      summary = "Approve a waiver (four-eyes)",
      description =
          "A supervisor other than the requester approves: the call ends WAIVED and"
              + " the restrictions are lifted. The body, and the reason in it, are "
              + "optional. Role: supervisor.")
  @RequestBody(
      required = false,
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = OptionalReasonRequest.class),
              examples =
                  @ExampleObject(name = "with a reason", value = OpenApiExamples.WAIVER_APPROVAL)))
  @APIResponse(
      responseCode = "200",
      description = "The approved request; the call is WAIVED",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = WaiverAnswer.class),
              examples =
                  @ExampleObject(name = "approved", value = OpenApiExamples.WAIVER_APPROVED)))
  @APIResponse(
      responseCode = "403",
      description =
          "The requester cannot approve their own request (problem+json), or the "
              + "caller lacks the supervisor role (no body)",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              examples =
                  @ExampleObject(
                      name = "self-approval",
                      value = OpenApiExamples.PROBLEM_SELF_APPROVAL)))
  @APIResponse(responseCode = "404", ref = OpenApiDefinition.WAIVER_NOT_FOUND)
  @APIResponse(responseCode = "409", ref = OpenApiDefinition.WAIVER_DECIDED)
  @APIResponse(responseCode = "503", ref = OpenApiDefinition.WORKFLOW_UNAVAILABLE)
  public WaiverAnswer approveWaiver(
      @PathParam("callId") String callId,
      @PathParam("waiverId") String waiverId,
      @Valid OptionalReasonRequest body) {
    return actions.approveWaiver(
        callId, waiverId, OptionalReasonRequest.of(body), Actor.of(identity));
  }

  /** {@code {"reason":"…"}} (required): the request is discarded, the call goes on. */
  @POST
  @Path("{callId}/waivers/{waiverId}/reject")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Roles.SUPERVISOR)
  @Operation(
      operationId = "rejectWaiver",
      summary = "Reject a waiver",
      description =
          "Discards the pending request; the call goes on. The reason is required. "
              + "Role: supervisor.")
  @RequestBody(
      required = true,
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ReasonRequest.class),
              examples =
                  @ExampleObject(
                      name = "breach is real",
                      value = OpenApiExamples.WAIVER_REJECTION)))
  @APIResponse(
      responseCode = "200",
      description = "The rejected request; the call is unchanged",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = WaiverAnswer.class),
              examples =
                  @ExampleObject(name = "rejected", value = OpenApiExamples.WAIVER_REJECTED)))
  @APIResponse(responseCode = "404", ref = OpenApiDefinition.WAIVER_NOT_FOUND)
  @APIResponse(responseCode = "409", ref = OpenApiDefinition.WAIVER_DECIDED)
  @APIResponse(responseCode = "503", ref = OpenApiDefinition.WORKFLOW_UNAVAILABLE)
  public WaiverAnswer rejectWaiver(
      @PathParam("callId") String callId,
      @PathParam("waiverId") String waiverId,
      @Valid ReasonRequest body) {
    return actions.rejectWaiver(callId, waiverId, body.reason(), Actor.of(identity));
  }

  /**
   * The shape of a page of calls, for the document only: the scanner does not read a schema from
   * the generic {@code Page<MarginCallItem>} the list returns.
   */
  @Schema(name = "MarginCallPage")
  record MarginCallPage(List<MarginCallItem> items, @Schema(nullable = true) String nextCursor) {}
}
