package org.margindesk.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How far ahead of the service's clock an observation may be dated. A snapshot is stale when it is
 * older than the latest applied one, so a single asOf in 2062 would make every real snapshot of the
 * account stale until 2062; a feed's clock that runs a little ahead is still believed.
 *
 * @param now the service's clock (config/InjectableClock), read once per snapshot
 * @param max margin-desk.ingest.max-clock-skew
 */
public record ClockSkew(Instant now, Duration max) {
  public ClockSkew {
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(max, "max");
  }

  /** Reports the field when the time it holds lies beyond the allowed skew. */
  void check(FieldReader fields, String field, Instant observed) {
    String problem = problem(observed);
    if (problem != null) {
      fields.error(field, problem);
    }
  }

  /**
   * @return why {@code observed} is refused, or null when it lies within the allowed skew
   */
  public String problem(Instant observed) {
    if (observed == null || !observed.isAfter(now.plus(max))) {
      return null;
    }
    return "must not be more than "
        + max
        + " ahead of the service's clock (now "
        + now
        + "); it is "
        + observed;
  }
}
