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
import java.math.BigDecimal;
import org.margindesk.domain.DecimalInput;

/**
 * A decimal that fits its column, checked as {@link DecimalInput} checks every decimal from
 * outside. Unlike {@code @Digits}, trailing zeros do not count against the scale ({@code
 * 1.500000000} is 1.5), and an absurd exponent is refused before any arithmetic touches it.
 */
@Target({FIELD, METHOD, PARAMETER})
@Retention(RUNTIME)
@Constraint(validatedBy = Decimal.Validator.class)
public @interface Decimal {
  /** The most decimal places. */
  int fraction() default DecimalInput.MAX_SCALE;

  /** The most digits before the point. */
  int integer() default DecimalInput.MAX_INTEGER_DIGITS;

  /**
   * Whether zero is a value (a balance, a ratio reported by a feed) rather than refused (an amount
   * lent, a policy ratio). A negative value is refused either way.
   */
  boolean allowZero() default false;

  String message() default "must be a decimal that fits";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  class Validator implements ConstraintValidator<Decimal, BigDecimal> {
    private Decimal limits;

    @Override
    public void initialize(Decimal annotation) {
      this.limits = annotation;
    }

    @Override
    public boolean isValid(BigDecimal value, ConstraintValidatorContext context) {
      if (value == null) {
        return true;
      }
      String problem = DecimalInput.problem(value, false, limits.fraction(), limits.integer());
      if (problem == null && !limits.allowZero() && value.signum() == 0) {
        problem = "must be greater than zero";
      }
      return problem == null || Messages.refuse(context, problem);
    }
  }
}
