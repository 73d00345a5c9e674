package org.margindesk.api.notification;

import jakarta.ws.rs.QueryParam;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.margindesk.api.PageLimits;
import org.margindesk.domain.Refusal;
import org.margindesk.ingest.StorableInstant;
import org.margindesk.notification.NotificationStatus;
import org.margindesk.service.NotificationService;

/**
 * The query string of {@code GET /api/v1/notifications}, checked field by field so one 400 names
 * every bad value.
 */
public class NotificationQueryParams {
  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 500;
  private static final String CURSOR_PREFIX = "n:";

  @QueryParam("marginCallId")
  String marginCallId;

  @QueryParam("status")
  String status;

  @QueryParam("limit")
  String limit;

  @QueryParam("cursor")
  String cursor;

  public record Checked(
      NotificationService.Filter filter, int limit, NotificationService.Position after) {}

  public Checked check() {
    List<Refusal.FieldError> errors = new ArrayList<>();
    NotificationStatus wanted = status(errors);
    int pageSize = limit(errors);
    NotificationService.Position after = after(errors);
    if (!errors.isEmpty()) {
      throw Refusal.invalid(
          String.join("; ", errors.stream().map(e -> e.field() + ": " + e.message()).toList()),
          errors);
    }
    String call = marginCallId == null || marginCallId.isBlank() ? null : marginCallId.trim();
    return new Checked(new NotificationService.Filter(call, wanted), pageSize, after);
  }

  /** Opaque to clients; today it is the creation time and id of the last item they saw. */
  public static String cursorAfter(NotificationService.Position position) {
    if (position == null) {
      return null;
    }
    String text = CURSOR_PREFIX + position.createdAt() + "|" + position.id();
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private NotificationStatus status(List<Refusal.FieldError> errors) {
    if (status == null || status.isBlank()) {
      return null;
    }
    try {
      return NotificationStatus.valueOf(status.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      errors.add(
          new Refusal.FieldError(
              "status",
              "'"
                  + status
                  + "' is not one of "
                  + String.join(
                      ", ", Arrays.stream(NotificationStatus.values()).map(Enum::name).toList())));
      return null;
    }
  }

  private int limit(List<Refusal.FieldError> errors) {
    return PageLimits.parse(limit, DEFAULT_LIMIT, MAX_LIMIT, errors);
  }

  private NotificationService.Position after(List<Refusal.FieldError> errors) {
    if (cursor == null || cursor.isBlank()) {
      return null;
    }
    try {
      String decoded =
          new String(Base64.getUrlDecoder().decode(cursor.trim()), StandardCharsets.UTF_8);
      int bar = decoded.indexOf('|');
      if (decoded.startsWith(CURSOR_PREFIX) && bar > 0) {
        Instant at = Instant.parse(decoded.substring(CURSOR_PREFIX.length(), bar));
        UUID id = UUID.fromString(decoded.substring(bar + 1));
        if (StorableInstant.storable(at)) {
          return new NotificationService.Position(at, id);
        }
      }
    } catch (IllegalArgumentException | DateTimeParseException e) {
      // not base64, not a time or not an id: reported below
    }
    errors.add(
        new Refusal.FieldError("cursor", "is not a cursor this service issued; start without one"));
    return null;
  }
}
