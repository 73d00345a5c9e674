package org.margindesk.console;

import java.util.List;
import org.margindesk.domain.Refusal;

/**
 * A refusal as the console shows it: the status a browser gets and the words of the alert. The API
 * maps refusals to problem+json in {@code api/problem}; the console answers HTML, so it keeps its
 * own mapping, with the same statuses and titles.
 */
public record ConsoleProblem(
    int status, String title, String detail, List<Refusal.FieldError> errors) {

  public static ConsoleProblem of(Refusal refusal) {
    return switch (refusal.kind()) {
      case INVALID -> of(refusal, 400, "Bad Request");
      case UNPROCESSABLE -> of(refusal, 422, "Unprocessable Content");
      case NOT_FOUND -> of(refusal, 404, "Not Found");
      case CONFLICT -> of(refusal, 409, "Conflict");
      case FORBIDDEN -> of(refusal, 403, "Forbidden");
      case UNAVAILABLE -> of(refusal, 503, "Service Unavailable");
    };
  }

  private static ConsoleProblem of(Refusal refusal, int status, String title) {
    return new ConsoleProblem(status, title, refusal.getMessage(), refusal.errors());
  }
}
