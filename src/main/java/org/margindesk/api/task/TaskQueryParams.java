package org.margindesk.api.task;

import jakarta.ws.rs.QueryParam;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.margindesk.api.PageLimits;
import org.margindesk.domain.LiquidationStep;
import org.margindesk.domain.Refusal;
import org.margindesk.domain.TaskStatus;
import org.margindesk.ingest.StorableInstant;
import org.margindesk.service.TaskFilter;
import org.margindesk.service.TaskPosition;

/**
 * The query string of {@code GET /api/v1/tasks}, checked field by field so one 400 names every bad
 * value.
 */
public class TaskQueryParams {
  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 500;
  static final int MAX_ID_LENGTH = 200;
  private static final String CURSOR_PREFIX = "task:";

  /** One status or several separated by commas, e.g. {@code OPEN,CLAIMED}. */
  @QueryParam("status")
  String status;

  @QueryParam("type")
  String type;

  @QueryParam("marginCallId")
  String marginCallId;

  @QueryParam("accountId")
  String accountId;

  @QueryParam("assignee")
  String assignee;

  @QueryParam("limit")
  String limit;

  @QueryParam("cursor")
  String cursor;

  /** The checked query. */
  public record Checked(TaskFilter filter, int limit, TaskPosition after) {}

  public Checked check() {
    List<Refusal.FieldError> errors = new ArrayList<>();
    Set<String> statuses = statuses(errors);
    String checkedType = type(errors);
    String callId = text("marginCallId", marginCallId, errors);
    String account = text("accountId", accountId, errors);
    String holder = text("assignee", assignee, errors);
    int pageSize = limit(errors);
    TaskPosition after = after(errors);
    if (!errors.isEmpty()) {
      throw Refusal.invalid(
          errors.stream()
              .map(e -> e.field() + ": " + e.message())
              .collect(Collectors.joining("; ")),
          errors);
    }
    return new Checked(
        new TaskFilter(statuses, checkedType, callId, account, holder), pageSize, after);
  }

  /** Opaque to clients; today it is the due time and id of the last task they saw. */
  public static String cursorAfter(TaskPosition position) {
    return java.util.Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(
            (CURSOR_PREFIX + position.dueAt() + "|" + position.id())
                .getBytes(StandardCharsets.UTF_8));
  }

  private Set<String> statuses(List<Refusal.FieldError> errors) {
    if (blank(status)) {
      return null;
    }
    Set<String> names = new LinkedHashSet<>();
    for (String part : status.split(",")) {
      String name = part.trim();
      if (Arrays.stream(TaskStatus.values()).noneMatch(s -> s.name().equals(name))) {
        errors.add(
            new Refusal.FieldError(
                "status",
                "'"
                    + name
                    + "' is not a task status; use one or more of "
                    + names(TaskStatus.values())));
        return null;
      }
      names.add(name);
    }
    return names;
  }

  private String type(List<Refusal.FieldError> errors) {
    if (blank(type)) {
      return null;
    }
    String name = type.trim();
    if (Arrays.stream(LiquidationStep.values()).noneMatch(s -> s.name().equals(name))) {
      errors.add(
          new Refusal.FieldError(
              "type",
              "'" + name + "' is not a task type; use one of " + names(LiquidationStep.values())));
      return null;
    }
    return name;
  }

  private static String text(String field, String value, List<Refusal.FieldError> errors) {
    if (blank(value)) {
      return null;
    }
    if (value.length() > MAX_ID_LENGTH) {
      errors.add(
          new Refusal.FieldError(field, "must be at most " + MAX_ID_LENGTH + " characters long"));
      return null;
    }
    return value.trim();
  }

  private int limit(List<Refusal.FieldError> errors) {
    return PageLimits.parse(limit, DEFAULT_LIMIT, MAX_LIMIT, errors);
  }

  private TaskPosition after(List<Refusal.FieldError> errors) {
    if (blank(cursor)) {
      return null;
    }
    try {
      String decoded =
          new String(
              java.util.Base64.getUrlDecoder().decode(cursor.trim()), StandardCharsets.UTF_8);
      int bar = decoded.indexOf('|');
      if (decoded.startsWith(CURSOR_PREFIX) && bar > CURSOR_PREFIX.length()) {
        Instant due = Instant.parse(decoded.substring(CURSOR_PREFIX.length(), bar));
        String id = decoded.substring(bar + 1);
        if (!id.isEmpty() && StorableInstant.storable(due)) {
          return new TaskPosition(due, id);
        }
      }
    } catch (IllegalArgumentException | DateTimeParseException e) {
      // not base64 or not a position: reported below
    }
    errors.add(
        new Refusal.FieldError("cursor", "is not a cursor this service issued; start without one"));
    return null;
  }

  private static String names(Enum<?>[] values) {
    return Arrays.stream(values).map(Enum::name).collect(Collectors.joining(", "));
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
