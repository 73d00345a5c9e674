package org.margindesk.api;

import jakarta.ws.rs.QueryParam;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.margindesk.domain.CallStatus;
import org.margindesk.domain.Refusal;
import org.margindesk.service.MarginCallCursor;

/**
 * The query string of {@code GET /api/v1/margin-calls}, checked field by field so one 400 names
 * every bad value.
 */
public class MarginCallListParams {
  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 200;

  @QueryParam("status")
  String status;

  @QueryParam("accountId")
  String accountId;

  @QueryParam("limit")
  String limit;

  @QueryParam("cursor")
  String cursor;

  /** The checked query; null filters match everything, a null cursor starts at the newest. */
  public record Checked(CallStatus status, String accountId, int limit, MarginCallCursor cursor) {}

  public Checked check() {
    List<Refusal.FieldError> errors = new ArrayList<>();
    CallStatus statusFilter = status(errors);
    String account = blankToNull(accountId);
    if (account != null && !AccountIds.PATTERN.matcher(account).matches()) {
      errors.add(
          new Refusal.FieldError(
              "accountId", "must be 1 to 64 letters, digits, '.', '_', ':' or '-'"));
    }
    int pageSize = limit(errors);
    MarginCallCursor after = cursor(errors);
    if (!errors.isEmpty()) {
      throw Refusal.invalid(
          String.join("; ", errors.stream().map(e -> e.field() + ": " + e.message()).toList()),
          errors);
    }
    return new Checked(statusFilter, account, pageSize, after);
  }

  private CallStatus status(List<Refusal.FieldError> errors) {
    String value = blankToNull(status);
    if (value == null) {
      return null;
    }
    for (CallStatus candidate : CallStatus.values()) {
      if (candidate.name().equals(value.trim())) {
        return candidate;
      }
    }
    errors.add(
        new Refusal.FieldError(
            "status",
            "'"
                + status
                + "' is not a call status; one of "
                + Arrays.toString(CallStatus.values())));
    return null;
  }

  private int limit(List<Refusal.FieldError> errors) {
    return PageLimits.parse(limit, DEFAULT_LIMIT, MAX_LIMIT, errors);
  }

  private MarginCallCursor cursor(List<Refusal.FieldError> errors) {
    if (blankToNull(cursor) == null) {
      return null;
    }
    return MarginCallCursor.decode(cursor.trim())
        .orElseGet(
            () -> {
              errors.add(
                  new Refusal.FieldError(
                      "cursor", "is not a cursor this service issued; start without one"));
              return null;
            });
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
