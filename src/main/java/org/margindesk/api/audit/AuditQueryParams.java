package org.margindesk.api.audit;

import jakarta.ws.rs.QueryParam;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.margindesk.api.PageLimits;
import org.margindesk.audit.AuditEventFilter;
import org.margindesk.domain.Refusal;
import org.margindesk.ingest.StorableInstant;

/**
 * The query string of {@code GET /api/v1/audit-events}, checked field by field so one 400 names
 * every bad value.
 */
public class AuditQueryParams {
  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 500;
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

  @QueryParam("limit")
  String limit;

  @QueryParam("cursor")
  String cursor;

  /** The checked query. */
  public record Checked(AuditEventFilter filter, int limit, long afterSeq) {}

  public Checked check() {
    List<Refusal.FieldError> errors = new ArrayList<>();
    Instant fromInstant = instant("from", from, errors);
    Instant toInstant = instant("to", to, errors);
    if (fromInstant != null && toInstant != null && fromInstant.isAfter(toInstant)) {
      errors.add(new Refusal.FieldError("from", "must not be after 'to'"));
    }
    int pageSize = limit(errors);
    long afterSeq = afterSeq(errors);
    if (!errors.isEmpty()) {
      throw Refusal.invalid(
          String.join("; ", errors.stream().map(e -> e.field() + ": " + e.message()).toList()),
          errors);
    }
    AuditEventFilter filter =
        new AuditEventFilter(
            blankToNull(accountId),
            blankToNull(marginCallId),
            blankToNull(taskId),
            blankToNull(actor),
            blankToNull(action),
            fromInstant,
            toInstant);
    return new Checked(filter, pageSize, afterSeq);
  }

  /** Opaque to clients; today it is the last seq they saw. */
  public static String cursorAfter(long seq) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((CURSOR_PREFIX + seq).getBytes(StandardCharsets.UTF_8));
  }

  private static Instant instant(String field, String value, List<Refusal.FieldError> errors) {
    if (blankToNull(value) == null) {
      return null;
    }
    try {
      Instant instant = Instant.parse(value.trim());
      if (!StorableInstant.storable(instant)) {
        errors.add(new Refusal.FieldError(field, StorableInstant.RANGE));
        return null;
      }
      return instant;
    } catch (DateTimeParseException e) {
      errors.add(
          new Refusal.FieldError(
              field, "'" + value + "' is not an ISO-8601 instant such as 2026-01-31T09:30:00Z"));
      return null;
    }
  }

  private int limit(List<Refusal.FieldError> errors) {
    return PageLimits.parse(limit, DEFAULT_LIMIT, MAX_LIMIT, errors);
  }

  private long afterSeq(List<Refusal.FieldError> errors) {
    if (blankToNull(cursor) == null) {
      return 0;
    }
    try {
      String decoded =
          new String(Base64.getUrlDecoder().decode(cursor.trim()), StandardCharsets.UTF_8);
      if (decoded.startsWith(CURSOR_PREFIX)) {
        long seq = Long.parseLong(decoded.substring(CURSOR_PREFIX.length()));
        if (seq >= 0) {
          return seq;
        }
      }
    } catch (IllegalArgumentException e) {
      // not base64 or not a number: reported below
    }
    errors.add(
        new Refusal.FieldError("cursor", "is not a cursor this service issued; start without one"));
    return 0;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
