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
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.margindesk.domain.StorableInstant;

/**
 * An ISO-8601 date-time with an offset, such as 2026-11-22T10:00:00Z, within what the database
 * holds. Kept as text in the request, as {@link IsoDuration} is, so that a bad value is named with
 * the words the snapshot parser uses for the same field.
 */
@Target({FIELD, METHOD, PARAMETER})
@Retention(RUNTIME)
@Constraint(validatedBy = IsoInstant.Validator.class)
public @interface IsoInstant {
  String message() default "must be an ISO-8601 date-time with offset, e.g. 2026-11-22T10:00:00Z";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  class Validator implements ConstraintValidator<IsoInstant, String> {
    /**
     * @return the instant, or null when the text is not one (see the constraint)
     */
    static Instant parse(String text) {
      try {
        return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
      } catch (DateTimeParseException e) {
        return null;
      }
    }

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
      if (value == null) {
        return true;
      }
      Instant instant = parse(value);
      if (instant == null) {
        return false;
      }
      return StorableInstant.storable(instant) || Messages.refuse(context, StorableInstant.RANGE);
    }
  }
}
