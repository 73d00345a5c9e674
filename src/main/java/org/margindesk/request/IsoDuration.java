package org.margindesk.request;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * An ISO-8601 duration such as PT12H, within bounds. Kept as text in the request so that a bad
 * value is named with this message rather than with a Jackson parse error.
 */
@Target({FIELD, METHOD, PARAMETER})
@Retention(RUNTIME)
@Constraint(validatedBy = IsoDuration.Validator.class)
public @interface IsoDuration {
  /** The shortest duration allowed, ISO-8601. */
  String min() default "PT0S";

  /** Whether {@link #min} itself is allowed; not for a duration that must be positive. */
  boolean minInclusive() default true;

  /** The longest duration allowed, ISO-8601; empty for none. */
  String max() default "";

  /** Why a duration out of bounds is refused. */
  String outOfRange();

  String message() default "must be an ISO-8601 duration such as PT12H";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  class Validator implements ConstraintValidator<IsoDuration, String> {
    private IsoDuration bounds;
    private Duration min;
    private Duration max;

    @Override
    public void initialize(IsoDuration annotation) {
      bounds = annotation;
      min = Duration.parse(annotation.min());
      max = annotation.max().isEmpty() ? null : Duration.parse(annotation.max());
    }

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
      if (value == null) {
        return true;
      }
      Duration duration = parse(value);
      if (duration == null) {
        return false;
      }
      int fromMin = duration.compareTo(min);
      boolean tooShort = bounds.minInclusive() ? fromMin < 0 : fromMin <= 0;
      boolean tooLong = max != null && duration.compareTo(max) > 0;
      return !(tooShort || tooLong) || Messages.refuse(context, bounds.outOfRange());
    }

    /**
     * @return the duration, or null when the text is not an ISO-8601 duration
     */
    static Duration parse(String text) {
      try {
        return Duration.parse(text);
      } catch (DateTimeParseException e) {
        return null;
      }
    }
  }
}
