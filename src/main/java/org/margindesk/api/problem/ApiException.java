package org.margindesk.api.problem;

import java.util.List;

/**
 * A request the service refuses, with the HTTP status and the words a person needs. Thrown by
 * services and resources; turned into problem+json by {@link ProblemMappers}.
 */
public class ApiException extends RuntimeException {
  private final int status;
  private final String title;
  private final List<Problem.FieldError> errors;

  public ApiException(int status, String title, String detail, List<Problem.FieldError> errors) {
    super(detail);
    this.status = status;
    this.title = title;
    this.errors = errors == null ? List.of() : List.copyOf(errors);
  }

  public static ApiException badRequest(String detail, List<Problem.FieldError> errors) {
    return new ApiException(400, "Bad Request", detail, errors);
  }

  public static ApiException invalidField(String field, String message) {
    return new ApiException(
        422,
        "Unprocessable Content",
        field + ": " + message,
        List.of(new Problem.FieldError(field, message)));
  }

  public static ApiException notFound(String detail) {
    return new ApiException(404, "Not Found", detail, null);
  }

  public static ApiException conflict(String detail) {
    return new ApiException(409, "Conflict", detail, null);
  }

  public static ApiException forbidden(String detail) {
    return new ApiException(403, "Forbidden", detail, null);
  }

  public Problem toProblem() {
    Problem problem = Problem.of(status, title, getMessage());
    return errors.isEmpty() ? problem : problem.withErrors(errors);
  }

  public int status() {
    return status;
  }
}
