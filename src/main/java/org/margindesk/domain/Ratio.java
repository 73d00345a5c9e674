package org.margindesk.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * A ratio kept as its two exact terms. A quotient such as 14.99999999 / 3 has no finite decimal,
 * and rounding it to any number of places can carry it onto a level (4.999999996… becomes 5, which
 * is not below 5); comparing the numerator with level × denominator never rounds.
 *
 * <p>{@code equals} compares the terms as written: 1/2 and 2/4 are different records of the same
 * value. Compare values with {@link #isBelow}.
 */
public record Ratio(BigDecimal numerator, BigDecimal denominator) {
  public Ratio {
    Objects.requireNonNull(numerator, "numerator");
    Objects.requireNonNull(denominator, "denominator");
    if (denominator.signum() <= 0) {
      // A negative denominator would turn every comparison round.
      throw new IllegalArgumentException("the denominator must be positive, was " + denominator);
    }
  }

  /** A value that is already an exact decimal, such as a native feed's MMR. */
  public static Ratio of(BigDecimal value) {
    return new Ratio(value, BigDecimal.ONE);
  }

  /** Exactly: numerator / denominator < level. */
  public boolean isBelow(BigDecimal level) {
    return numerator.compareTo(level.multiply(denominator)) < 0;
  }

  /**
   * The value to 8 places, for display and the 8-place columns only. Rounded down (towards −∞), so
   * against a level of at most 8 places the shown figure is below it exactly when the ratio is:
   * "4.99999999 is below 5", never "5 is below 5".
   */
  public BigDecimal rounded() {
    return numerator.divide(denominator, Money.SCALE, RoundingMode.FLOOR).stripTrailingZeros();
  }
}
