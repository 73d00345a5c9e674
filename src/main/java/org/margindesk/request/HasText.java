package org.margindesk.request;

import static java.lang.annotation.ElementType.ANNOTATION_TYPE;
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

/**
 * A string, when given, holds something other than whitespace. Unlike Bean Validation's
 * {@code @NotBlank}, which trims only characters up to U+0020, any Unicode whitespace counts
 * ({@link String#isBlank}): a reason of em spaces is as empty as one of spaces. Null is valid; pair
 * it with {@code @NotNull} where the field is required.
 */
@Target({FIELD, METHOD, PARAMETER, ANNOTATION_TYPE})
@Retention(RUNTIME)
@Constraint(validatedBy = HasText.Validator.class)
public @interface HasText {
  String message() default "must not be blank";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  class Validator implements ConstraintValidator<HasText, String> {
    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
      return value == null || !value.isBlank();
    }
  }
}
