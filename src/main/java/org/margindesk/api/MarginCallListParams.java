package org.margindesk.api;

import jakarta.ws.rs.QueryParam;
import org.margindesk.domain.CallStatus;
import org.margindesk.paging.ListQuery;
import org.margindesk.service.MarginCallCursor;

/**
 * The query string of {@code GET /api/v1/margin-calls}, checked field by field so one 400 names
 * every bad value.
 */
public class MarginCallListParams extends ListQuery {

  @QueryParam("status")
  String status;

  @QueryParam("accountId")
  String accountId;

  /** The checked query; null filters match everything, a null cursor starts at the newest. */
  public record Checked(CallStatus status, String accountId, int limit, MarginCallCursor cursor) {}

  public Checked check() {
    CallStatus statusFilter = oneOf("status", status, CallStatus.class, "a call status");
    String account = blank(accountId) ? null : accountId;
    if (account != null && !AccountIds.PATTERN.matcher(account).matches()) {
      error("accountId", AccountIds.RULE);
    }
    int pageSize = pageSize();
    MarginCallCursor after = after(MarginCallCursor.PREFIX, 2, MarginCallCursor::of);
    refuseIfAnyError();
    return new Checked(statusFilter, account, pageSize, after);
  }
}
