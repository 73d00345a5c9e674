package org.margindesk.console;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.margindesk.audit.AuditChainVerifier;
import org.margindesk.audit.AuditCsv;
import org.margindesk.audit.AuditEventQueries;
import org.margindesk.audit.AuditEventView;
import org.margindesk.audit.AuditQueryParams;
import org.margindesk.domain.Refusal;
import org.margindesk.paging.Page;
import org.margindesk.security.Roles;

/**
 * The audit trail: the API's filters (the same query parameters, checked by the same class), a CSV
 * export of what they match, and a supervisor's walk of the hash chain.
 */
@ConsolePage
@Path("/console/audit")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Roles.VIEWER)
public class AuditResource {
  private final AuditEventQueries queries;
  private final AuditChainVerifier verifier;
  private final ConsoleResponses responses;
  private final Template page;
  private final Template verification;

  AuditResource(
      AuditEventQueries queries,
      AuditChainVerifier verifier,
      ConsoleResponses responses,
      @Location("console/audit.html") Template page,
      @Location("console/audit-verification.html") Template verification) {
    this.queries = queries;
    this.verifier = verifier;
    this.responses = responses;
    this.page = page;
    this.verification = verification;
  }

  @GET
  public Response search(@BeanParam AuditQueryParams params, @BeanParam AuditFilterForm form) {
    AuditQueryParams.Checked query;
    Refusal refused = null;
    List<AuditEventView> rows = List.of();
    String next = null;
    try {
      query = params.check();
      Page<AuditEventView> found = queries.list(query);
      rows = found.items();
      next = found.nextCursor();
    } catch (Refusal e) {
      refused = e;
    }
    String html =
        page.data("page", "audit")
            .data("form", form)
            .data("rows", rows)
            .data("next", next)
            .data("problem", refused == null ? null : ConsoleProblem.of(refused))
            .render();
    return Response.status(refused == null ? 200 : ConsoleProblem.of(refused).status())
        .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
        .entity(html)
        .build();
  }

  @GET
  @Path("export.csv")
  @Produces(AuditCsv.MEDIA_TYPE)
  public Response export(@BeanParam AuditQueryParams params) {
    try {
      AuditQueryParams.Checked query = params.check();
      return Response.ok(
              AuditCsv.export(queries, query.filter(), query.afterSeq()),
              AuditCsv.MEDIA_TYPE + "; charset=UTF-8")
          .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"audit-events.csv\"")
          .build();
    } catch (Refusal e) {
      return responses.refused(e);
    }
  }

  /** Walks the whole chain; a POST because it is costly, not because it changes anything. */
  @POST
  @Path("verification")
  @RolesAllowed(Roles.SUPERVISOR)
  public Response verify() {
    return responses.show(() -> verification.data("result", verifier.verify()));
  }
}
