package org.margindesk.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns a console form into the JSON body the API takes, so a form is checked by the very parser
 * the API uses and refused with the same field names and words.
 */
final class FormJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private FormJson() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** Puts the field when the form filled it in; an empty input means "left out". */
  static ObjectNode put(ObjectNode node, String field, String value) {
    if (value != null && !value.isBlank()) {
      node.put(field, value.trim());
    }
    return node;
  }

  static String text(ObjectNode node) {
    return node.isEmpty() ? "" : node.toString();
  }
}
