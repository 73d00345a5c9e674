package org.margindesk.api.notification;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.margindesk.api.Callers;
import org.margindesk.api.problem.ApiException;
import org.margindesk.api.problem.Problem;
import org.margindesk.security.Roles;
import org.margindesk.service.NotificationService;
import org.margindesk.service.NotificationView;

/** Notifications with their delivery record, and the holder's receipt relayed by the exchange. */
@Path("/api/v1/notifications")
@Produces(MediaType.APPLICATION_JSON)
public class NotificationResource {
  private final NotificationService notifications;
  private final SecurityIdentity identity;

  NotificationResource(NotificationService notifications, SecurityIdentity identity) {
    this.notifications = notifications;
    this.identity = identity;
  }

  @GET
  @RolesAllowed(Roles.VIEWER)
  public NotificationPage list(@BeanParam NotificationQueryParams params) {
    NotificationQueryParams.Checked query = params.check();
    NotificationService.Page page =
        notifications.page(query.filter(), query.after(), query.limit());
    return new NotificationPage(page.items(), NotificationQueryParams.cursorAfter(page.next()));
  }

  @GET
  @Path("/{id}")
  @RolesAllowed(Roles.VIEWER)
  public NotificationView get(@PathParam("id") String id) {
    UUID notificationId = id(id);
    return notifications.find(notificationId).orElseThrow(() -> unknown(id));
  }

  /**
   * The exchange relays the account holder's receipt. Idempotent: acknowledging again returns the
   * same acknowledgement.
   */
  @POST
  @Path("/{id}/acknowledgement")
  @RolesAllowed(Roles.FEED)
  public NotificationView acknowledge(@PathParam("id") String id) {
    UUID notificationId = id(id);
    return notifications
        .acknowledge(notificationId, Callers.actor(identity))
        .orElseThrow(() -> unknown(id));
  }

  private static UUID id(String id) {
    try {
      return UUID.fromString(id.trim());
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(
          "id: '" + id + "' is not a notification id (a UUID)",
          List.of(new Problem.FieldError("id", "is not a UUID")));
    }
  }

  private static ApiException unknown(String id) {
    return ApiException.notFound("No notification '" + id + "'");
  }
}
