package org.margindesk.api.audit;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.margindesk.audit.AuditChainVerifier;
import org.margindesk.audit.AuditEventEntity;
import org.margindesk.audit.AuditEventQueries;
import org.margindesk.audit.ChainVerification;
import org.margindesk.security.Roles;

/** Who did what, when and why: the audit trail, its export and its integrity check. */
@Path("/api/v1/audit-events")
public class AuditEventResource {
  private final AuditEventQueries queries;
  private final AuditChainVerifier verifier;

  AuditEventResource(AuditEventQueries queries, AuditChainVerifier verifier) {
    this.queries = queries;
    this.verifier = verifier;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @RolesAllowed(Roles.VIEWER)
  public AuditEventPage list(@BeanParam AuditQueryParams params) {
    AuditQueryParams.Checked query = params.check();
    // One row more than asked says whether another page exists without a count query.
    List<AuditEventEntity> rows = queries.page(query.filter(), query.afterSeq(), query.limit() + 1);
    boolean more = rows.size() > query.limit();
    List<AuditEventEntity> shown = more ? rows.subList(0, query.limit()) : rows;
    String next = more ? AuditQueryParams.cursorAfter(shown.get(shown.size() - 1).seq) : null;
    return new AuditEventPage(shown.stream().map(AuditEventView::of).toList(), next);
  }

  /**
   * Every row the filters match, as CSV, streamed page by page so an export of the whole trail
   * needs no more memory than one page. A cursor starts the export after that point; limit is
   * checked but does not cut the export short.
   */
  @GET
  @Produces(AuditCsv.MEDIA_TYPE)
  @RolesAllowed(Roles.VIEWER)
  public Response export(@BeanParam AuditQueryParams params) {
    AuditQueryParams.Checked query = params.check();
    int pageSize = AuditQueryParams.MAX_LIMIT;
    StreamingOutput body =
        output -> {
          Writer out = new BufferedWriter(new OutputStreamWriter(output, StandardCharsets.UTF_8));
          AuditCsv.header(out);
          long after = query.afterSeq();
          while (true) {
            List<AuditEventEntity> page = queries.page(query.filter(), after, pageSize);
            for (AuditEventEntity row : page) {
              AuditCsv.row(out, row);
              after = row.seq;
            }
            out.flush();
            if (page.size() < pageSize) {
              return;
            }
          }
        };
    return Response.ok(body, AuditCsv.MEDIA_TYPE + "; charset=UTF-8")
        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"audit-events.csv\"")
        .build();
  }

  @GET
  @Path("verification")
  @Produces(MediaType.APPLICATION_JSON)
  @RolesAllowed(Roles.SUPERVISOR)
  public ChainVerification verify() {
    return verifier.verify();
  }
}
