package org.margindesk.request;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.margindesk.domain.Refusal;

/** The words shared by every request's constraints, and the check for requests built in code. */
public final class Requests {
  public static final String REQUIRED = "is required";
  public static final String TOO_LONG = "must be at most {max} characters long";

  private Requests() {}

  /**
   * Checks a request the console built from a form, with the very constraints the API applies to a
   * JSON body, so a form is refused with the API's field names and words.
   *
   * @throws Refusal invalid, naming every field that breaks a constraint
   */
  public static <T> T check(Validator validator, T request) {
    Set<ConstraintViolation<T>> violations = validator.validate(request);
    if (!violations.isEmpty()) {
      List<Refusal.FieldError> errors =
          violations.stream()
              .map(v -> new Refusal.FieldError(v.getPropertyPath().toString(), v.getMessage()))
              .sorted(Comparator.comparing(Refusal.FieldError::field))
              .toList();
      throw Refusal.invalid(errors);
    }
    return request;
  }
}
