package org.margindesk.domain;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A request the service refuses, in the service's own words: what kind of refusal it is and, for
 * bad input, one message per field. Services and parsers throw it; only {@code api/problem} knows
 * which HTTP status each kind becomes, and the console shows it as an alert.
 */
public class Refusal extends RuntimeException {

  /** Why a request is refused; each kind has one HTTP status, chosen by the API. */
  public enum Kind {
    /** The request is malformed: a field is missing, of the wrong type or out of range. */
    INVALID,
    /** The request is well-formed but cannot be applied as it stands (an inconsistent policy). */
    UNPROCESSABLE,
    NOT_FOUND,
    /** The target's state does not allow it now (a closed call, a task held by someone else). */
    CONFLICT,
    /** The caller may not do this to this target (four-eyes, not the holder). */
    FORBIDDEN,
    /** A backing process is being recovered; the same request may succeed shortly. */
    UNAVAILABLE
  }

  /** One rejected input, named as the client wrote it ({@code policy.remediationWindow}). */
  public record FieldError(String field, String message) {}

  private final Kind kind;
  private final List<FieldError> errors;

  public Refusal(Kind kind, String detail, List<FieldError> errors) {
    super(detail);
    this.kind = kind;
    this.errors = errors == null ? List.of() : List.copyOf(errors);
  }

  /** Bad input, the detail listing each field's message. */
  public static Refusal invalid(List<FieldError> errors) {
    return new Refusal(Kind.INVALID, describe(errors), errors);
  }

  public static Refusal invalid(String detail, List<FieldError> errors) {
    return new Refusal(Kind.INVALID, detail, errors);
  }

  public static Refusal invalidField(String field, String message) {
    return invalid(List.of(new FieldError(field, message)));
  }

  public static Refusal unprocessable(String detail, List<FieldError> errors) {
    return new Refusal(Kind.UNPROCESSABLE, detail, errors);
  }

  public static Refusal unprocessableField(String field, String message) {
    return unprocessable(field + ": " + message, List.of(new FieldError(field, message)));
  }

  public static Refusal notFound(String detail) {
    return new Refusal(Kind.NOT_FOUND, detail, null);
  }

  public static Refusal conflict(String detail) {
    return new Refusal(Kind.CONFLICT, detail, null);
  }

  public static Refusal forbidden(String detail) {
    return new Refusal(Kind.FORBIDDEN, detail, null);
  }

  public static Refusal unavailable(String detail) {
    return new Refusal(Kind.UNAVAILABLE, detail, null);
  }

  /** "field: message; field: message", the detail of a refusal listing fields. */
  public static String describe(List<FieldError> errors) {
    return errors.stream()
        .map(e -> e.field() + ": " + e.message())
        .collect(Collectors.joining("; "));
  }

  public Kind kind() {
    return kind;
  }

  public List<FieldError> errors() {
    return errors;
  }
}
