package org.margindesk.console;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.margindesk.notification.NotificationStatus;
import org.margindesk.security.Roles;
import org.margindesk.service.NotificationService;
import org.margindesk.service.NotificationView;

/**
 * Notifications that need someone's eye first: the failed ones, then those the holder has not
 * acknowledged, then the rest, each with its delivery attempts.
 */
@ConsolePage
@Path("/console/notifications")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Roles.VIEWER)
public class NotificationsResource {
  static final int RECENT = 200;

  private final NotificationService notifications;
  private final Template page;

  NotificationsResource(
      NotificationService notifications, @Location("console/notifications.html") Template page) {
    this.notifications = notifications;
    this.page = page;
  }

  @GET
  public TemplateInstance list() {
    // Failed ones are fetched on their own so that an old failure is never pushed off the list.
    Map<UUID, NotificationView> shown = new LinkedHashMap<>();
    notifications
        .page(new NotificationService.Filter(null, NotificationStatus.FAILED), null, RECENT)
        .items()
        .forEach(n -> shown.put(n.id(), n));
    notifications
        .page(new NotificationService.Filter(null, null), null, RECENT)
        .items()
        .forEach(n -> shown.putIfAbsent(n.id(), n));
    List<NotificationView> ordered = new ArrayList<>(shown.values());
    ordered.sort(Comparator.comparingInt(NotificationsResource::rank));
    return page.data("page", "notifications").data("items", ordered);
  }

  /** Failed, then not yet acknowledged, then acknowledged; newest first within each. */
  private static int rank(NotificationView n) {
    if (NotificationStatus.FAILED.name().equals(n.status())) {
      return 0;
    }
    return n.acknowledgedAt() == null ? 1 : 2;
  }
}
