package org.margindesk.api.notification;

import jakarta.ws.rs.QueryParam;
import org.margindesk.notification.NotificationStatus;
import org.margindesk.paging.ListQuery;
import org.margindesk.service.NotificationService;

/**
 * The query string of {@code GET /api/v1/notifications}, checked field by field so one 400 names
 * every bad value.
 */
public class NotificationQueryParams extends ListQuery {

  @QueryParam("marginCallId")
  String marginCallId;

  @QueryParam("status")
  String status;

  public record Checked(
      NotificationService.Filter filter, int limit, NotificationService.Position after) {}

  public Checked check() {
    NotificationStatus wanted = oneOf("status", status, NotificationStatus.class, "a status");
    int pageSize = pageSize();
    NotificationService.Position after =
        after(NotificationService.Position.CURSOR, 2, NotificationService.Position::of);
    refuseIfAnyError();
    String call = blank(marginCallId) ? null : marginCallId.trim();
    return new Checked(new NotificationService.Filter(call, wanted), pageSize, after);
  }
}
