package org.margindesk.request;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.OverridesAttribute;
import jakarta.validation.Payload;
import jakarta.validation.constraints.Size;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Text a request carries, when given: something other than whitespace ({@link HasText}), at most
 * {@link #max} characters, and text PostgreSQL can store ({@link Storable}). Each part reports in
 * its own words, as it would on its own. Null is valid; pair it with {@code @NotNull} where the
 * field is required.
 */
@Target({FIELD, METHOD, PARAMETER})
@Retention(RUNTIME)
@Constraint(validatedBy = {})
@HasText
@Size(message = Requests.TOO_LONG)
@Storable
public @interface Text {
  /** The most characters. */
  @OverridesAttribute(constraint = Size.class, name = "max")
  int max();

  String message() default "";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};
}
