package org.margindesk.audit;

import jakarta.ws.rs.QueryParam;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.margindesk.paging.Cursors;
import org.margindesk.paging.ListQuery;

/**
 * The query string of the audit trail's list, in the API ({@code GET /api/v1/audit-events}) and the
 * console alike, checked field by field so one 400 names every bad value.
 */
public class AuditQueryParams extends ListQuery {
  private static final String CURSOR_PREFIX = "seq:";

  @QueryParam("accountId")
  String accountId;

  @QueryParam("marginCallId")
  String marginCallId;

  @QueryParam("taskId")
  String taskId;

  @QueryParam("actor")
  String actor;

  @QueryParam("action")
  String action;

  @QueryParam("from")
  String from;

  @QueryParam("to")
  String to;

  /** The checked query; {@code afterSeq} 0 starts at the first event. */
  public record Checked(AuditEventFilter filter, int limit, long afterSeq) {}

  public Checked check() {
    Instant fromInstant = instant("from", from);
    Instant toInstant = instant("to", to);
    if (fromInstant != null && toInstant != null && fromInstant.isAfter(toInstant)) {
      error("from", "must not be after 'to'");
    }
    int pageSize = pageSize();
    Long afterSeq = after(CURSOR_PREFIX, 1, AuditQueryParams::seq);
    refuseIfAnyError();
    AuditEventFilter filter =
        new AuditEventFilter(
            blankToNull(accountId),
            blankToNull(marginCallId),
            blankToNull(taskId),
            blankToNull(actor),
            blankToNull(action),
            fromInstant,
            toInstant);
    return new Checked(filter, pageSize, afterSeq == null ? 0 : afterSeq);
  }

  /** Opaque to clients; today it is the last seq they saw. */
  public static String cursorAfter(long seq) {
    return Cursors.encode(CURSOR_PREFIX, seq);
  }

  private static Optional<Long> seq(List<String> parts) {
    try {
      long seq = Long.parseLong(parts.get(0));
      return seq >= 0 ? Optional.of(seq) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static String blankToNull(String value) {
    return blank(value) ? null : value;
  }
}
