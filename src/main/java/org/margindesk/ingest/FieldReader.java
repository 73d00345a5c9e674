package org.margindesk.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.margindesk.domain.DecimalInput;
import org.margindesk.domain.Refusal;
import org.margindesk.domain.StorableInstant;

/**
 * Reads typed fields out of a raw JSON tree and collects one message per bad field, so a client
 * sees every problem at once instead of one per attempt. Only for payloads kept as they came
 * (exchange events, native snapshots): request bodies are bound to records in {@code request/}
 * instead. Decimals follow {@link DecimalInput}, as the records' do.
 */
public final class FieldReader {
  /** Amounts are stored as NUMERIC(38, 8). */
  public static final int MAX_SCALE = DecimalInput.MAX_SCALE;

  public static final int MAX_INTEGER_DIGITS = DecimalInput.MAX_INTEGER_DIGITS;

  private final JsonNode node;
  private final String prefix;
  private final List<Refusal.FieldError> errors;

  public FieldReader(JsonNode node) {
    this(node, "", new ArrayList<>());
  }

  private FieldReader(JsonNode node, String prefix, List<Refusal.FieldError> errors) {
    this.node = node;
    this.prefix = prefix;
    this.errors = errors;
  }

  /** A reader for a nested object that reports into the same error list. */
  public FieldReader nested(JsonNode child, String path) {
    return new FieldReader(child, prefix + path + ".", errors);
  }

  public String path(String field) {
    return prefix + field;
  }

  public void error(String field, String message) {
    errors.add(new Refusal.FieldError(prefix + field, message));
  }

  /**
   * @throws Refusal 400 listing every collected field error
   */
  public void throwIfErrors() {
    if (!errors.isEmpty()) {
      throw Refusal.invalid(errors);
    }
  }

  public boolean isPresent(String field) {
    JsonNode value = node.get(field);
    return value != null && !value.isNull();
  }

  public void rejectUnknown(Set<String> known) {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!known.contains(name)) {
        error(name, "unknown field");
      }
    }
  }

  public String requiredString(String field, int maxLength) {
    if (!isPresent(field)) {
      error(field, "is required");
      return null;
    }
    return string(field, maxLength);
  }

  public String optionalString(String field, int maxLength) {
    return isPresent(field) ? string(field, maxLength) : null;
  }

  private String string(String field, int maxLength) {
    JsonNode value = node.get(field);
    if (!value.isTextual()) {
      error(field, "must be a string");
      return null;
    }
    String text = value.asText();
    if (text.isBlank()) {
      error(field, "must not be blank");
      return null;
    }
    if (text.length() > maxLength) {
      error(field, "must be at most " + maxLength + " characters long");
      return null;
    }
    return text;
  }

  /**
   * A decimal given as a JSON number or a decimal string.
   *
   * @param allowNegative whether a negative value is meaningful (unrealized PnL) or bad input
   * @param maxScale the most decimal places kept
   */
  public BigDecimal optionalDecimal(String field, boolean allowNegative, int maxScale) {
    return optionalDecimal(field, allowNegative, maxScale, MAX_INTEGER_DIGITS);
  }

  /** As above, for columns narrower than NUMERIC(38, 8). */
  public BigDecimal optionalDecimal(
      String field, boolean allowNegative, int maxScale, int maxIntegerDigits) {
    if (!isPresent(field)) {
      return null;
    }
    JsonNode value = node.get(field);
    BigDecimal number =
        value.isNumber()
            ? value.decimalValue()
            : value.isTextual() ? DecimalInput.parse(value.asText()) : null;
    if (number == null) {
      error(field, DecimalInput.NOT_A_DECIMAL);
      return null;
    }
    String problem = DecimalInput.problem(number, allowNegative, maxScale, maxIntegerDigits);
    if (problem != null) {
      error(field, problem);
      return null;
    }
    return number;
  }

  public BigDecimal requiredDecimal(String field, boolean allowNegative, int maxScale) {
    if (!isPresent(field)) {
      error(field, "is required");
      return null;
    }
    return optionalDecimal(field, allowNegative, maxScale);
  }

  /** An ISO-8601 date-time with an offset, e.g. 2026-11-22T10:00:00Z. */
  public Instant optionalInstant(String field) {
    if (!isPresent(field)) {
      return null;
    }
    JsonNode value = node.get(field);
    String hint = "must be an ISO-8601 date-time with offset, e.g. 2026-11-22T10:00:00Z";
    if (!value.isTextual()) {
      error(field, hint);
      return null;
    }
    try {
      Instant instant = OffsetDateTimeText.parse(value.asText());
      if (!StorableInstant.storable(instant)) {
        error(field, StorableInstant.RANGE);
        return null;
      }
      return instant;
    } catch (DateTimeParseException e) {
      error(field, hint);
      return null;
    }
  }

  public Instant requiredInstant(String field) {
    if (!isPresent(field)) {
      error(field, "is required");
      return null;
    }
    return optionalInstant(field);
  }

  /** Epoch milliseconds as a JSON integer, as Binance sends event and transaction times. */
  public Long optionalEpochMillis(String field) {
    if (!isPresent(field)) {
      return null;
    }
    JsonNode value = node.get(field);
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      error(field, "must be an integer number of milliseconds since the epoch");
      return null;
    }
    long millis = value.longValue();
    if (millis <= 0 || millis > StorableInstant.LATEST.toEpochMilli()) {
      error(field, "is out of range");
      return null;
    }
    return millis;
  }

  public Long requiredEpochMillis(String field) {
    if (!isPresent(field)) {
      error(field, "is required");
      return null;
    }
    return optionalEpochMillis(field);
  }

  /** The array under the field, or null (with an error) when absent or not an array. */
  public JsonNode requiredArray(String field) {
    if (!isPresent(field)) {
      error(field, "is required");
      return null;
    }
    JsonNode value = node.get(field);
    if (!value.isArray()) {
      error(field, "must be an array");
      return null;
    }
    return value;
  }

  public JsonNode requiredObject(String field) {
    if (!isPresent(field)) {
      error(field, "is required");
      return null;
    }
    JsonNode value = node.get(field);
    if (!value.isObject()) {
      error(field, "must be an object");
      return null;
    }
    return value;
  }
}
