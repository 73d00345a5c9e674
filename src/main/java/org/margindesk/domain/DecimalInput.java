package org.margindesk.domain;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * The rules for a decimal that comes from outside (an amount, a ratio, an MMR level), shared by the
 * typed request bodies and the raw exchange-event readers so both accept and refuse the same values
 * with the same words. Amounts are stored as NUMERIC(38, 8).
 */
public final class DecimalInput {
  public static final int MAX_SCALE = 8;
  public static final int MAX_INTEGER_DIGITS = 30;

  public static final String NOT_A_DECIMAL =
      "must be a decimal number, as a JSON number or a string such as \"12000.50\"";

  /** The most digits on either side of the point that a decimal may be written with. */
  private static final int MAX_WRITTEN_DIGITS = 64;

  private static final Pattern TEXT =
      Pattern.compile(
          "[+-]?\\d{1," + MAX_WRITTEN_DIGITS + "}(\\.\\d{1," + MAX_WRITTEN_DIGITS + "})?");

  private DecimalInput() {}

  /**
   * A decimal written as a string: plain digits with an optional point, never an exponent.
   *
   * @return the value, or null when the text is not such a decimal
   */
  public static BigDecimal parse(String text) {
    String trimmed = text.trim();
    return TEXT.matcher(trimmed).matches() ? new BigDecimal(trimmed) : null;
  }

  /**
   * @param allowNegative whether a negative value is meaningful (unrealized PnL) or bad input
   * @param maxScale the most decimal places kept
   * @param maxIntegerDigits the most digits before the point the column holds
   * @return why the value is refused, as a field error message; null when it is accepted
   */
  public static String problem(
      BigDecimal number, boolean allowNegative, int maxScale, int maxIntegerDigits) {
    // A JSON number's exponent arrives as its scale: 1e-100000000 is one digit with a scale of
    // 10^8, cheap to hold but seconds of CPU once added to any other amount. The string form
    // cannot carry an exponent and Jackson bounds a number's length (1,000 characters), so checking
    // the scale here, before any arithmetic, keeps every accepted value cheap.
    if (number.scale() > MAX_WRITTEN_DIGITS) {
      return "must have at most " + maxScale + " decimal places";
    }
    if (number.scale() < -MAX_WRITTEN_DIGITS) {
      return "is too large";
    }
    if (!allowNegative && number.signum() < 0) {
      return "must not be negative";
    }
    BigDecimal stripped = number.stripTrailingZeros();
    if (stripped.scale() > maxScale) {
      return "must have at most " + maxScale + " decimal places";
    }
    if (stripped.precision() - stripped.scale() > maxIntegerDigits) {
      return "is too large";
    }
    return null;
  }
}
