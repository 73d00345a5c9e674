package org.margindesk.api.audit;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.margindesk.api.OpenApiExamples;
import org.margindesk.audit.AuditChainVerifier;
import org.margindesk.audit.AuditCsv;
import org.margindesk.audit.AuditEventQueries;
import org.margindesk.audit.AuditEventView;
import org.margindesk.audit.AuditQueryParams;
import org.margindesk.audit.ChainVerification;
import org.margindesk.security.Roles;

/** Who did what, when and why: the audit trail, its export and its integrity check. */
@Tag(name = "Audit", description = "The tamper-evident audit trail")
@Path("/api/v1/audit-events")
public class AuditEventResource {
  private final AuditEventQueries queries;
  private final AuditChainVerifier verifier;

  AuditEventResource(AuditEventQueries queries, AuditChainVerifier verifier) {
    this.queries = queries;
    this.verifier = verifier;
  }

  /**
   * JSON pages by default; with {@code Accept: text/csv} every row the filters match, as CSV. One
   * method serves both so that a client accepting any type gets JSON, which two methods split by
   * {@code @Produces} would leave to chance.
   */
  @GET
  @Produces({MediaType.APPLICATION_JSON, AuditCsv.MEDIA_TYPE})
  @RolesAllowed(Roles.VIEWER)
  @Operation(
      operationId = "listAuditEvents",
      summary = "Read or export the audit trail",
      description =
          "Events in seq order; filters combine: accountId, marginCallId, taskId, "
              + "actor, action, from, to; limit and cursor. With Accept: text/csv every "
              + "matching row is streamed as CSV. Role: viewer (operators and supervisors"
              + " too).")
  @APIResponse(
      responseCode = "200",
      description = "A page of events in seq order, or with Accept: text/csv every matching row",
      content = {
        @Content(
            mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = AuditEventPage.class)),
        @Content(mediaType = AuditCsv.MEDIA_TYPE)
      })
  public Response list(@BeanParam AuditQueryParams params, @Context HttpHeaders headers) {
    AuditQueryParams.Checked query = params.check();
    if (wantsCsv(headers.getAcceptableMediaTypes())) {
      return Response.ok(
              AuditCsv.export(queries, query.filter(), query.afterSeq()),
              AuditCsv.MEDIA_TYPE + "; charset=UTF-8")
          .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"audit-events.csv\"")
          .build();
    }
    return Response.ok(queries.list(query), MediaType.APPLICATION_JSON).build();
  }

  /**
   * The JSON answer's shape, for the document only: the list answers a Response (it may be CSV), so
   * the scanner cannot read {@code Page<AuditEventView>} from the method as it does elsewhere.
   */
  @Schema(name = "AuditEventPage")
  record AuditEventPage(List<AuditEventView> items, @Schema(nullable = true) String nextCursor) {}

  /** The client's most preferred type decides; wildcards mean JSON. */
  private static boolean wantsCsv(List<MediaType> acceptable) {
    MediaType csv = MediaType.valueOf(AuditCsv.MEDIA_TYPE);
    for (MediaType type : acceptable) {
      if (!type.isWildcardType() && !type.isWildcardSubtype() && type.isCompatible(csv)) {
        return true;
      }
      if (type.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
        return false;
      }
    }
    return false;
  }

  @GET
  @Path("verification")
  @Produces(MediaType.APPLICATION_JSON)
  @RolesAllowed(Roles.SUPERVISOR)
  @Operation(
      operationId = "verifyAuditChain",
      summary = "Verify the hash chain",
      description =
          "Walks the audit chain and reports the first row whose hash, link or "
              + "position does not hold. Role: supervisor.")
  @APIResponse(
      responseCode = "200",
      description = "The outcome of the walk",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ChainVerification.class),
              examples = @ExampleObject(name = "valid chain", value = OpenApiExamples.CHAIN_VALID)))
  public ChainVerification verify() {
    return verifier.verify();
  }
}
