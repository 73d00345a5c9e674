package org.margindesk.api.request;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedList;
import java.util.List;
import java.util.stream.Collectors;
import org.margindesk.domain.DecimalInput;
import org.margindesk.domain.Refusal;
import org.margindesk.domain.StorableText;

/**
 * Collects every binding problem of one body instead of stopping at the first, so that a client
 * sees each bad field at once: an unknown field, a number where a string belongs, a word that is
 * not one of an enum's. Each is named by its JSON path ({@code policy.remediationWindow}, {@code
 * items[2].eventId}) and bound as null; the reader refuses the body when any was collected.
 */
final class FieldErrors extends DeserializationProblemHandler {
  private final List<Refusal.FieldError> errors = new ArrayList<>();

  List<Refusal.FieldError> errors() {
    return errors;
  }

  @Override
  public boolean handleUnknownProperty(
      DeserializationContext ctxt,
      JsonParser p,
      JsonDeserializer<?> deserializer,
      Object beanOrClass,
      String propertyName)
      throws IOException {
    errors.add(new Refusal.FieldError(path(p), "unknown field"));
    p.skipChildren();
    return true;
  }

  @Override
  public Object handleUnexpectedToken(
      DeserializationContext ctxt, JavaType targetType, JsonToken t, JsonParser p, String message)
      throws IOException {
    errors.add(new Refusal.FieldError(path(p), expected(targetType.getRawClass())));
    p.skipChildren();
    return null;
  }

  @Override
  public Object handleWeirdStringValue(
      DeserializationContext ctxt, Class<?> targetType, String value, String message) {
    errors.add(new Refusal.FieldError(path(ctxt.getParser()), expected(targetType)));
    return null;
  }

  @Override
  public Object handleWeirdNumberValue(
      DeserializationContext ctxt, Class<?> targetType, Number value, String message) {
    errors.add(new Refusal.FieldError(path(ctxt.getParser()), expected(targetType)));
    return null;
  }

  private static String expected(Class<?> type) {
    if (type == String.class) {
      return "must be a string";
    }
    if (type == BigDecimal.class) {
      return DecimalInput.NOT_A_DECIMAL;
    }
    if (type.isEnum()) {
      List<String> names = Arrays.stream(type.getEnumConstants()).map(Object::toString).toList();
      return "must be "
          + (names.size() == 1
              ? names.get(0)
              : String.join(", ", names.subList(0, names.size() - 1))
                  + " or "
                  + names.get(names.size() - 1));
    }
    if (type == Boolean.class || type == boolean.class) {
      return "must be true or false";
    }
    if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
      return "must be a number";
    }
    return "must be a JSON object";
  }

  /** The path a mapping failure names, as {@link #path(JsonParser)} names it. */
  static String path(JsonMappingException failure) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : failure.getPath()) {
      if (ref.getFieldName() != null) {
        path.append(path.length() == 0 ? "" : ".").append(StorableText.visible(ref.getFieldName()));
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.length() == 0 ? "body" : path.toString();
  }

  /**
   * The path of the value the parser is at: the field or index it sits under, and those above. At
   * the start of an object or array the parser is already inside it, so naming starts one level up.
   */
  static String path(JsonParser p) {
    JsonStreamContext context = p.getParsingContext();
    if (context != null
        && (p.hasToken(JsonToken.START_OBJECT) || p.hasToken(JsonToken.START_ARRAY))) {
      context = context.getParent();
    }
    LinkedList<String> parts = new LinkedList<>();
    for (; context != null && !context.inRoot(); context = context.getParent()) {
      if (context.inArray()) {
        parts.addFirst("[" + Math.max(context.getCurrentIndex(), 0) + "]");
      } else if (context.getCurrentName() != null) {
        parts.addFirst("." + StorableText.visible(context.getCurrentName()));
      }
    }
    String path = parts.stream().collect(Collectors.joining());
    return path.isEmpty() ? "body" : path.startsWith(".") ? path.substring(1) : path;
  }
}
