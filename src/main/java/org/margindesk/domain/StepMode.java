package org.margindesk.domain;

import java.util.Locale;

/** Whether a liquidation step calls the exchange gateway or waits for an operator. */
public enum StepMode {
  MANUAL,
  AUTOMATIC;

  /** Parses the configuration value ({@code manual} or {@code automatic}). */
  public static StepMode parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "liquidation step mode must be 'manual' or 'automatic', got '" + value + "'", e);
    }
  }
}
