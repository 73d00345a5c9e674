package org.margindesk.api.problem;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.margindesk.domain.Refusal;

/**
 * Every error the API returns is problem+json. Bad input is a 4xx that says which field and why;
 * only a fault of the service itself is a 500.
 */
public class ProblemMappers {
  private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
  private static final String RETRY_AFTER_SECONDS = "5";

  @ServerExceptionMapper
  public Response refusal(Refusal e, UriInfo uri) {
    return respond(problem(e), uri);
  }

  /** The problem document of a refusal: each kind of refusal has one status. */
  public static Problem problem(Refusal refusal) {
    Problem problem =
        switch (refusal.kind()) {
          case INVALID -> Problem.of(400, "Bad Request", refusal.getMessage());
          case UNPROCESSABLE -> Problem.of(422, "Unprocessable Content", refusal.getMessage());
          case NOT_FOUND -> Problem.of(404, "Not Found", refusal.getMessage());
          case CONFLICT -> Problem.of(409, "Conflict", refusal.getMessage());
          case FORBIDDEN -> Problem.of(403, "Forbidden", refusal.getMessage());
          case UNAVAILABLE -> Problem.of(503, "Service Unavailable", refusal.getMessage());
        };
    return refusal.errors().isEmpty()
        ? problem
        : problem.withErrors(
            refusal.errors().stream()
                .map(e -> new Problem.FieldError(e.field(), e.message()))
                .toList());
  }

  /** A role check refused the caller: the same problem+json as every other refusal. */
  @ServerExceptionMapper
  public Response forbidden(io.quarkus.security.ForbiddenException e, UriInfo uri) {
    return respond(
        Problem.of(403, "Forbidden", "Your roles do not allow this request on " + uri.getPath()),
        uri);
  }

  @ServerExceptionMapper
  public Response constraintViolation(ConstraintViolationException e, UriInfo uri) {
    List<Problem.FieldError> errors =
        e.getConstraintViolations().stream()
            .map(v -> new Problem.FieldError(fieldName(v), v.getMessage()))
            .sorted(Comparator.comparing(Problem.FieldError::field))
            .toList();
    String detail =
        errors.stream().map(f -> f.field() + ": " + f.message()).collect(Collectors.joining("; "));
    return respond(Problem.of(400, "Bad Request", detail).withErrors(errors), uri);
  }

  @ServerExceptionMapper
  public Response json(JsonProcessingException e, UriInfo uri) {
    String field = jsonPath(e);
    String detail;
    if (e instanceof UnrecognizedPropertyException unknown) {
      detail = "unknown field '" + unknown.getPropertyName() + "'";
    } else if (e instanceof InvalidFormatException invalid) {
      detail =
          "value '"
              + invalid.getValue()
              + "' is not a valid "
              + simpleType(invalid.getTargetType());
    } else if (e instanceof MismatchedInputException mismatched) {
      detail =
          mismatched.getTargetType() == null
              ? "the body is empty or not the expected JSON"
              : "expected a " + simpleType(mismatched.getTargetType());
    } else {
      detail = "malformed JSON: " + e.getOriginalMessage();
    }
    JsonLocation location = e.getLocation();
    if (location != null && location.getLineNr() > 0) {
      detail += " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
    Problem problem = Problem.of(400, "Bad Request", detail);
    if (field != null) {
      problem = problem.withErrors(List.of(new Problem.FieldError(field, detail)));
    }
    return respond(problem, uri);
  }

  @ServerExceptionMapper
  public Response web(WebApplicationException e, UriInfo uri) {
    int status = e.getResponse().getStatus();
    if (status >= 500) {
      LOG.error("Request failed", e);
    }
    Response.StatusType type = e.getResponse().getStatusInfo();
    String detail = e.getMessage() == null ? type.getReasonPhrase() : e.getMessage();
    return respond(Problem.of(status, type.getReasonPhrase(), detail), uri);
  }

  @ServerExceptionMapper
  public Response unexpected(Exception e, UriInfo uri) {
    Optional<String> down = Unavailability.of(e);
    if (down.isPresent()) {
      LOG.warnf("%s unavailable while serving %s: %s", down.get(), uri.getPath(), e.toString());
      return Response.fromResponse(
              respond(
                  Problem.of(
                      503,
                      "Service Unavailable",
                      down.get()
                          + " is unavailable; the request was not applied. Retry it unchanged"
                          + " (it is idempotent) in a few seconds."),
                  uri))
          .header("Retry-After", RETRY_AFTER_SECONDS)
          .build();
    }
    LOG.error("Unexpected failure serving " + uri.getPath(), e);
    return respond(
        Problem.of(500, "Internal Server Error", "The service failed; the error has been logged."),
        uri);
  }

  static Response respond(Problem problem, UriInfo uri) {
    return Response.status(problem.status())
        .type(Problem.MEDIA_TYPE)
        .entity(uri == null ? problem : problem.withInstance(uri.getPath()))
        .build();
  }

  private static String fieldName(ConstraintViolation<?> violation) {
    // "method.arg0.field" -> "field": clients know the JSON field, not the Java method.
    String path = violation.getPropertyPath().toString();
    String[] parts = path.split("\\.");
    return parts.length > 2
        ? String.join(".", List.of(parts).subList(2, parts.length))
        : parts[parts.length - 1];
  }

  private static String jsonPath(JsonProcessingException e) {
    if (!(e instanceof JsonMappingException mapping) || mapping.getPath().isEmpty()) {
      return null;
    }
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : mapping.getPath()) {
      if (ref.getFieldName() != null) {
        if (!path.isEmpty()) {
          path.append('.');
        }
        path.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  private static String simpleType(Class<?> type) {
    if (type == null) {
      return "value";
    }
    if (Number.class.isAssignableFrom(type)) {
      return "number";
    }
    return type.getSimpleName();
  }
}
