package org.margindesk.console;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.margindesk.config.MarginDeskConfig;
import org.margindesk.domain.Refusal;
import org.margindesk.security.Roles;
import org.margindesk.service.DeskQueries;
import org.margindesk.service.DeskQueries.DeskFilter;
import org.margindesk.service.DeskQueries.DeskPage;

/**
 * The desk: the open calls, least time left first, a page at a time, refreshed by htmx every few
 * seconds.
 */
@ConsolePage
@Path("/console")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Roles.VIEWER)
public class DeskResource {
  /** Far past any desk: 100 pages of the largest page size anyone would set. */
  static final int MAX_PAGE = 100_000;

  private final DeskQueries desk;
  private final Template page;
  private final Template rows;
  private final long shockThreshold;
  private final int pageSize;

  DeskResource(
      DeskQueries desk,
      @Location("console/desk.html") Template page,
      @Location("console/desk-rows.html") Template rows,
      MarginDeskConfig config) {
    this.desk = desk;
    this.page = page;
    this.rows = rows;
    this.shockThreshold = config.console().shockThreshold();
    this.pageSize = config.console().deskPageSize();
  }

  @GET
  public Response desk(
      @QueryParam("q") String text,
      @QueryParam("status") String status,
      @QueryParam("trigger") String trigger,
      @QueryParam("page") String pageNumber,
      @QueryParam("notice") String notice) {
    return render(page, text, status, trigger, pageNumber, blankToNull(notice));
  }

  /** The table, counters and pager alone: what the desk's polling swaps in. */
  @GET
  @Path("desk/rows")
  public Response rows(
      @QueryParam("q") String text,
      @QueryParam("status") String status,
      @QueryParam("trigger") String trigger,
      @QueryParam("page") String pageNumber) {
    return render(rows, text, status, trigger, pageNumber, null);
  }

  private Response render(
      Template template,
      String text,
      String status,
      String trigger,
      String pageNumber,
      String notice) {
    DeskFilter filter =
        new DeskFilter(blankToNull(text), blankToNull(status), blankToNull(trigger));
    Integer number = pageNumber(pageNumber);
    ConsoleProblem refused =
        number == null
            ? ConsoleProblem.of(
                Refusal.invalid(
                    "page must be a whole number from 1 to " + MAX_PAGE,
                    List.of(
                        new Refusal.FieldError("page", "a whole number from 1 to " + MAX_PAGE))))
            : null;
    DeskPage shown = desk.openCalls(filter, number == null ? 1 : number, pageSize);
    DeskQueries.Counters counters = desk.counters();
    String html =
        template
            .data("page", "desk")
            .data("q", filter.text())
            .data("status", filter.status())
            .data("trigger", filter.trigger())
            .data("desk", shown)
            .data("calls", shown.rows())
            .data("previousHref", shown.hasPrevious() ? href(filter, shown.page() - 1) : null)
            .data("nextHref", shown.hasNext() ? href(filter, shown.page() + 1) : null)
            .data("counters", counters)
            .data("shock", counters.lastMinute() >= shockThreshold)
            .data("shockThreshold", shockThreshold)
            .data("notice", notice)
            .data("problem", refused)
            .render();
    return Response.status(refused == null ? 200 : 400)
        .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
        .entity(html)
        .build();
  }

  /** The page asked for, 1 when none is; null when it is not a page number. */
  static Integer pageNumber(String value) {
    if (value == null || value.isBlank()) {
      return 1;
    }
    String digits = value.trim();
    if (digits.length() > 6 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return null;
    }
    int number = Integer.parseInt(digits);
    return number >= 1 && number <= MAX_PAGE ? number : null;
  }

  static String href(DeskFilter filter, int number) {
    StringBuilder href = new StringBuilder("/console?page=").append(number);
    append(href, "q", filter.text());
    append(href, "status", filter.status());
    append(href, "trigger", filter.trigger());
    return href.toString();
  }

  private static void append(StringBuilder href, String name, String value) {
    if (value != null) {
      href.append('&').append(name).append('=').append(ConsoleResponses.encode(value));
    }
  }

  static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
