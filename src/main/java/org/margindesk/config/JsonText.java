package org.margindesk.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * JSON the service writes itself and reads back from its own storage. A failure there is a defect
 * (a type Jackson cannot write, a column holding something other than what was written), never the
 * caller's input, so it is thrown unchecked, naming the type. Input from clients and the exchange
 * is parsed where it is refused field by field, not here.
 */
public final class JsonText {
  /** How much of an unreadable stored text a failure quotes. */
  private static final int QUOTED = 200;

  private JsonText() {}

  public static String write(ObjectMapper mapper, Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "cannot write " + value.getClass().getSimpleName() + " as JSON", e);
    }
  }

  public static <T> T read(ObjectMapper mapper, String text, Class<T> type) {
    try {
      return mapper.readValue(text, type);
    } catch (JsonProcessingException e) {
      throw unreadable(type.getSimpleName(), text, e);
    }
  }

  public static <T> T read(ObjectMapper mapper, String text, TypeReference<T> type) {
    try {
      return mapper.readValue(text, type);
    } catch (JsonProcessingException e) {
      throw unreadable(type.getType().getTypeName(), text, e);
    }
  }

  private static IllegalStateException unreadable(
      String type, String text, JsonProcessingException e) {
    String quoted = text.length() > QUOTED ? text.substring(0, QUOTED) + "…" : text;
    return new IllegalStateException("stored JSON is not a " + type + ": " + quoted, e);
  }
}
