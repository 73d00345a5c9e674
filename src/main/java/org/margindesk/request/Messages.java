package org.margindesk.request;

import jakarta.validation.ConstraintValidatorContext;

/** Reports a message worked out by a validator, rather than the annotation's fixed one. */
final class Messages {
  private Messages() {}

  /**
   * @return false, so that a validator can {@code return Messages.refuse(context, why)}
   */
  static boolean refuse(ConstraintValidatorContext context, String message) {
    context.disableDefaultConstraintViolation();
    // The text is the message itself, not a template: braces and dollars stay as they are.
    String literal =
        message.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}").replace("$", "\\$");
    context.buildConstraintViolationWithTemplate(literal).addConstraintViolation();
    return false;
  }
}
