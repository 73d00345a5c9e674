package org.margindesk.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.margindesk.api.problem.ApiException;
import org.margindesk.api.problem.Problem;

/**
 * Reads typed fields out of a JSON object and collects one message per bad field, so a client sees
 * every problem of a request at once instead of one per attempt.
 */
public final class FieldReader {
  /** Amounts are stored as NUMERIC(38, 8). */
  public static final int MAX_SCALE = 8;

  public static final int MAX_INTEGER_DIGITS = 30;

  /** The most digits on either side of the point that a decimal may be written with. */
  private static final int MAX_WRITTEN_DIGITS = 64;

  private static final Pattern DECIMAL =
      Pattern.compile(
          "[+-]?\\d{1," + MAX_WRITTEN_DIGITS + "}(\\.\\d{1," + MAX_WRITTEN_DIGITS + "})?");

  private final JsonNode node;
  private final String prefix;
  private final List<Problem.FieldError> errors;

  public FieldReader(JsonNode node) {
    this(node, "", new ArrayList<>());
  }

  private FieldReader(JsonNode node, String prefix, List<Problem.FieldError> errors) {
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
    errors.add(new Problem.FieldError(prefix + field, message));
  }

  /**
   * @throws ApiException 400 listing every collected field error
   */
  public void throwIfErrors() {
    if (!errors.isEmpty()) {
      String detail =
          errors.stream()
              .map(e -> e.field() + ": " + e.message())
              .collect(Collectors.joining("; "));
      throw ApiException.badRequest(detail, errors);
    }
  }

  public boolean isPresent(String field) {
    JsonNode value = node.get(field);
    return value != null && !value.isNull();
  }

  public JsonNode raw(String field) {
    return node.get(field);
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
    BigDecimal number;
    if (value.isNumber()) {
      number = value.decimalValue();
    } else if (value.isTextual() && DECIMAL.matcher(value.asText().trim()).matches()) {
      number = new BigDecimal(value.asText().trim());
    } else {
      error(field, "must be a decimal number, as a JSON number or a string such as \"12000.50\"");
      return null;
    }
    // A JSON number's exponent arrives as its scale: 1e-100000000 is one digit with a scale of
    // 10^8, cheap to hold but seconds of CPU once added to any other amount. The string form
    // cannot carry an exponent and Jackson bounds a number's length (1,000 characters), so checking
    // the scale here, before any arithmetic, keeps every accepted value cheap.
    if (number.scale() > MAX_WRITTEN_DIGITS) {
      error(field, "must have at most " + maxScale + " decimal places");
      return null;
    }
    if (number.scale() < -MAX_WRITTEN_DIGITS) {
      error(field, "is too large");
      return null;
    }
    if (!allowNegative && number.signum() < 0) {
      error(field, "must not be negative");
      return null;
    }
    BigDecimal stripped = number.stripTrailingZeros();
    if (stripped.scale() > maxScale) {
      error(field, "must have at most " + maxScale + " decimal places");
      return null;
    }
    if (stripped.precision() - stripped.scale() > maxIntegerDigits) {
      error(field, "is too large");
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
      Instant instant =
          OffsetDateTime.parse(value.asText(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
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

  /** An ISO-8601 duration such as PT12H. */
  public Duration optionalDuration(String field) {
    if (!isPresent(field)) {
      return null;
    }
    JsonNode value = node.get(field);
    if (!value.isTextual()) {
      error(field, "must be an ISO-8601 duration such as PT12H");
      return null;
    }
    try {
      return Duration.parse(value.asText());
    } catch (DateTimeParseException e) {
      error(field, "must be an ISO-8601 duration such as PT12H");
      return null;
    }
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
