package org.margindesk.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Amounts are BigDecimal with 8 decimal places, the precision exchange balances are quoted in. */
public final class Money {
  public static final int SCALE = 8;

  private Money() {}

  public static BigDecimal of(BigDecimal amount) {
    return amount.setScale(SCALE, RoundingMode.HALF_EVEN).stripTrailingZeros();
  }

  public static BigDecimal of(String amount) {
    return of(new BigDecimal(amount));
  }

  /**
   * Rounded up to 8 places, for showing a level or an amount still missing. M+ × a ratio may have
   * more places than a balance; a balance (never more than 8 places) is below the exact level
   * exactly when it is below the level rounded up, so the figure shown agrees with the decision,
   * which is always made on the exact level.
   */
  public static BigDecimal roundedUp(BigDecimal amount) {
    return amount.setScale(SCALE, RoundingMode.CEILING).stripTrailingZeros();
  }

  /**
   * For display and JSON: without trailing zeros and in plain notation, so 1.10 and 1.1 read the
   * same and 1E+4 reads 10000; null stays null.
   */
  public static String plain(BigDecimal amount) {
    return amount == null ? null : amount.stripTrailingZeros().toPlainString();
  }

  /** For display and JSON: plain notation, never "1E+4". */
  public static String format(BigDecimal amount) {
    return amount == null ? null : amount.toPlainString();
  }
}
