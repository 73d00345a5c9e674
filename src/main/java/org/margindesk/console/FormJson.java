package org.margindesk.console;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import org.margindesk.domain.DecimalInput;
import org.margindesk.domain.ExchangeRefusal;
import org.margindesk.domain.Refusal;

/**
 * Turns console form inputs into request fields: an empty input is a field left out, and evidence
 * is built as the JSON object the API takes. The request records then check a form with the very
 * constraints the API applies, so it is refused with the same field names and words.
 */
final class FormJson {
  private FormJson() {}

  static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  /** Puts the field when the form filled it in; an empty input means "left out". */
  static ObjectNode put(ObjectNode node, String field, String value) {
    if (value != null && !value.isBlank()) {
      node.put(field, value.trim());
    }
    return node;
  }

  /** A form input as a request field: an empty input means "left out". */
  static String given(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  /**
   * A decimal input, as the API reads a decimal string: an empty input means "left out".
   *
   * @throws Refusal invalid, naming the field, when the input is not a decimal
   */
  static BigDecimal decimal(String field, String value) {
    String given = given(value);
    if (given == null) {
      return null;
    }
    BigDecimal decimal = DecimalInput.parse(given);
    if (decimal == null) {
      throw Refusal.invalidField(field, DecimalInput.NOT_A_DECIMAL);
    }
    return decimal;
  }

  /**
   * @throws Refusal invalid unless the choice is empty or one of the resolutions
   */
  static ExchangeRefusal.Resolution resolution(String value) {
    String given = given(value);
    try {
      return given == null ? null : ExchangeRefusal.Resolution.valueOf(given);
    } catch (IllegalArgumentException e) {
      throw Refusal.invalidField("resolution", "must be RETRY or DONE_BY_HAND");
    }
  }
}
