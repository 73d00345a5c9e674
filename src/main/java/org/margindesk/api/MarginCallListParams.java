package org.margindesk.api;

import jakarta.ws.rs.QueryParam;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.margindesk.api.problem.ApiException;
import org.margindesk.api.problem.Problem;
import org.margindesk.domain.CallStatus;
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
    List<Problem.FieldError> errors = new ArrayList<>();
    CallStatus statusFilter = status(errors);
    String account = blankToNull(accountId);
    if (account != null && !FacilityRequests.ACCOUNT_ID.matcher(account).matches()) {
      errors.add(
          new Problem.FieldError(
              "accountId", "must be 1 to 64 letters, digits, '.', '_', ':' or '-'"));
    }
    int pageSize = limit(errors);
    MarginCallCursor after = cursor(errors);
    if (!errors.isEmpty()) {
      throw ApiException.badRequest(
          String.join("; ", errors.stream().map(e -> e.field() + ": " + e.message()).toList()),
          errors);
    }
    return new Checked(statusFilter, account, pageSize, after);
  }

  private CallStatus status(List<Problem.FieldError> errors) {
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
        new Problem.FieldError(
            "status",
            "'"
                + status
                + "' is not a call status; one of "
                + Arrays.toString(CallStatus.values())));
    return null;
  }

  private int limit(List<Problem.FieldError> errors) {
    return PageLimits.parse(limit, DEFAULT_LIMIT, MAX_LIMIT, errors);
  }

  private MarginCallCursor cursor(List<Problem.FieldError> errors) {
    if (blankToNull(cursor) == null) {
      return null;
    }
    return MarginCallCursor.decode(cursor.trim())
        .orElseGet(
            () -> {
              errors.add(
                  new Problem.FieldError(
                      "cursor", "is not a cursor this service issued; start without one"));
              return null;
            });
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
