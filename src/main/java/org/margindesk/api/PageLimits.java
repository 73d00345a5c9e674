package org.margindesk.api;

import java.util.List;
import org.margindesk.domain.Refusal;

/** The {@code limit} query parameter of every list endpoint, read and checked the same way. */
public final class PageLimits {
  private PageLimits() {}

  /**
   * @return the requested page size, or {@code defaultLimit} when none is given or it is invalid
   *     (in which case a field error for {@code limit} is added)
   */
  public static int parse(
      String raw, int defaultLimit, int maxLimit, List<Refusal.FieldError> errors) {
    if (raw == null || raw.isBlank()) {
      return defaultLimit;
    }
    try {
      int value = Integer.parseInt(raw.trim());
      if (value >= 1 && value <= maxLimit) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below, like an out-of-range number
    }
    errors.add(
        new Refusal.FieldError(
            "limit", "'" + raw + "' is not a whole number from 1 to " + maxLimit));
    return defaultLimit;
  }
}
