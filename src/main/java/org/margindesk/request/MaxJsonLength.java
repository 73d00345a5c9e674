package org.margindesk.request;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/** A JSON value that, written compactly, is at most so many characters: stored evidence. */
@Target({FIELD, METHOD, PARAMETER})
@Retention(RUNTIME)
@Constraint(validatedBy = MaxJsonLength.Validator.class)
public @interface MaxJsonLength {
  int value();

  String message() default "must be at most {value} characters of JSON";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  class Validator implements ConstraintValidator<MaxJsonLength, JsonNode> {
    private int max;

    @Override
    public void initialize(MaxJsonLength annotation) {
      max = annotation.value();
    }

    @Override
    public boolean isValid(JsonNode value, ConstraintValidatorContext context) {
      return value == null || value.toString().length() <= max;
    }
  }
}
