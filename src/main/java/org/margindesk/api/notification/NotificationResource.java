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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.margindesk.api.OpenApiDefinition;
import org.margindesk.api.OpenApiExamples;
import org.margindesk.domain.Refusal;
import org.margindesk.paging.Page;
import org.margindesk.security.Roles;
import org.margindesk.service.Actor;
import org.margindesk.service.NotificationService;
import org.margindesk.service.NotificationView;

/** Notifications with their delivery record, and the holder's receipt relayed by the exchange. */
@Tag(
    name = "Notifications",
    description = "What holders and supervisors were sent, and the holder's receipt")
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
  @Operation(
      operationId = "listNotifications",
      summary = "List notifications",
      description =
          "Newest first, with figures, every delivery attempt and the "
              + "acknowledgement; filters marginCallId and status; limit and cursor. "
              + "Role: viewer (operators and supervisors too).")
  @APIResponse(
      responseCode = "200",
      description = "A page of notifications; nextCursor is null on the last page",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = NotificationPage.class),
              examples =
                  @ExampleObject(
                      name = "one delivered notification",
                      value = OpenApiExamples.NOTIFICATION_PAGE)))
  public Page<NotificationView> list(@BeanParam NotificationQueryParams params) {
    NotificationQueryParams.Checked query = params.check();
    return notifications.page(query.filter(), query.after(), query.limit());
  }

  @GET
  @Path("/{id}")
  @RolesAllowed(Roles.VIEWER)
  @Operation(
      operationId = "getNotification",
      summary = "One notification",
      description =
          "The notification with its figures, delivery attempts and "
              + "acknowledgement. Role: viewer (operators and supervisors too).")
  @APIResponse(
      responseCode = "200",
      description = "The notification",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = NotificationView.class),
              examples = @ExampleObject(name = "delivered", value = OpenApiExamples.NOTIFICATION)))
  @APIResponse(responseCode = "404", ref = OpenApiDefinition.NOTIFICATION_NOT_FOUND)
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
  @Operation(
      operationId = "acknowledgeNotification",
      summary = "Acknowledge the holder's receipt",
      description =
          "The exchange relays that the account holder received the notification. "
              + "Idempotent: acknowledging again returns the same acknowledgement. Role: "
              + "feed.")
  @APIResponse(
      responseCode = "200",
      description = "The notification, ACKNOWLEDGED",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = NotificationView.class),
              examples =
                  @ExampleObject(
                      name = "acknowledged",
                      value = OpenApiExamples.NOTIFICATION_ACKNOWLEDGED)))
  @APIResponse(responseCode = "404", ref = OpenApiDefinition.NOTIFICATION_NOT_FOUND)
  public NotificationView acknowledge(@PathParam("id") String id) {
    UUID notificationId = id(id);
    return notifications
        .acknowledge(notificationId, Actor.of(identity))
        .orElseThrow(() -> unknown(id));
  }

  private static UUID id(String id) {
    try {
      return UUID.fromString(id.trim());
    } catch (IllegalArgumentException e) {
      throw Refusal.invalid(
          "id: '" + id + "' is not a notification id (a UUID)",
          List.of(new Refusal.FieldError("id", "is not a UUID")));
    }
  }

  private static Refusal unknown(String id) {
    return Refusal.notFound("No notification '" + id + "'");
  }

  /**
   * The shape of a page of notifications, for the document only: the scanner does not read a schema
   * from the generic {@code Page<NotificationView>} the list returns.
   */
  @Schema(name = "NotificationPage")
  record NotificationPage(
      List<NotificationView> items, @Schema(nullable = true) String nextCursor) {}
}
