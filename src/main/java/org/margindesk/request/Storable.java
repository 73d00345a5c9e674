package org.margindesk.request;

import static java.lang.annotation.ElementType.ANNOTATION_TYPE;
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
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import org.margindesk.domain.StorableText;

/**
 * Text PostgreSQL can store: no NUL character and no lone UTF-16 surrogate (see {@link
 * StorableText}), in a string or anywhere in a JSON value, its field names included (evidence is
 * stored as jsonb, names and all).
 */
@Target({FIELD, METHOD, PARAMETER, ANNOTATION_TYPE})
@Retention(RUNTIME)
@Constraint(validatedBy = {Storable.TextValidator.class, Storable.JsonValidator.class})
public @interface Storable {
  String message() default "must be text PostgreSQL can store";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  class TextValidator implements ConstraintValidator<Storable, String> {
    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
      String problem = value == null ? null : StorableText.problem(value);
      return problem == null || Messages.refuse(context, problem);
    }
  }

  class JsonValidator implements ConstraintValidator<Storable, JsonNode> {
    @Override
    public boolean isValid(JsonNode value, ConstraintValidatorContext context) {
      Deque<JsonNode> pending = new ArrayDeque<>();
      if (value != null) {
        pending.add(value);
      }
      while (!pending.isEmpty()) {
        JsonNode node = pending.poll();
        if (node.isTextual() && StorableText.problem(node.textValue()) != null) {
          return Messages.refuse(context, StorableText.problem(node.textValue()));
        }
        if (node.isObject()) {
          for (Map.Entry<String, JsonNode> field : node.properties()) {
            String problem = StorableText.problem(field.getKey());
            if (problem != null) {
              return Messages.refuse(context, "a field name " + problem);
            }
            pending.add(field.getValue());
          }
        } else if (node.isArray()) {
          node.forEach(pending::add);
        }
      }
      return true;
    }
  }
}
