package org.margindesk.console;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.margindesk.config.MarginDeskConfig;
import org.margindesk.security.Roles;
import org.margindesk.service.DeskQueries;

/** The desk: every open call, least time left first, refreshed by htmx every few seconds. */
@ConsolePage
@Path("/console")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Roles.VIEWER)
public class DeskResource {
  private final DeskQueries desk;
  private final Template page;
  private final Template rows;
  private final long shockThreshold;

  DeskResource(
      DeskQueries desk,
      @Location("console/desk.html") Template page,
      @Location("console/desk-rows.html") Template rows,
      MarginDeskConfig config) {
    this.desk = desk;
    this.page = page;
    this.rows = rows;
    this.shockThreshold = config.console().shockThreshold();
  }

  @GET
  public TemplateInstance desk(
      @QueryParam("q") String text,
      @QueryParam("status") String status,
      @QueryParam("trigger") String trigger,
      @QueryParam("notice") String notice) {
    return data(page, text, status, trigger).data("notice", blankToNull(notice));
  }

  /** The table and counters alone: what the desk's polling swaps in. */
  @GET
  @Path("desk/rows")
  public TemplateInstance rows(
      @QueryParam("q") String text,
      @QueryParam("status") String status,
      @QueryParam("trigger") String trigger) {
    return data(rows, text, status, trigger);
  }

  private TemplateInstance data(Template template, String text, String status, String trigger) {
    DeskQueries.Counters counters = desk.counters();
    return template
        .data("page", "desk")
        .data("q", blankToNull(text))
        .data("status", blankToNull(status))
        .data("trigger", blankToNull(trigger))
        .data("calls", desk.openCalls(blankToNull(text), blankToNull(status), blankToNull(trigger)))
        .data("counters", counters)
        .data("shock", counters.lastMinute() >= shockThreshold)
        .data("shockThreshold", shockThreshold);
  }

  static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
