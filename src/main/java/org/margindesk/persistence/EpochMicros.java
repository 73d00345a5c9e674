package org.margindesk.persistence;

import java.time.Instant;

/**
 * An instant bound as two whole numbers, seconds since the epoch and the microsecond within the
 * second, for the statements ingestion runs per snapshot: formatting an {@link Instant} or a {@link
 * java.sql.Timestamp} as text for the driver was several percent of a healthy batch's CPU.
 * PostgreSQL keeps microseconds, so the instant is rounded to the nearest one (a half up).
 *
 * <p>Why two numbers: PostgreSQL multiplies an interval by a double, which holds every count of
 * seconds up to the year 9999 exactly, and a whole number of seconds times {@code 1 second} stays
 * exact there; one count of microseconds would not (past 2^53, about the year 2255).
 */
public record EpochMicros(long seconds, long microseconds) {
  private static final long MICROS_PER_SECOND = 1_000_000L;

  public static EpochMicros of(Instant instant) {
    if (instant == null) {
      return null;
    }
    long micros = (instant.getNano() + 500) / 1_000;
    return micros == MICROS_PER_SECOND
        ? new EpochMicros(instant.getEpochSecond() + 1, 0)
        : new EpochMicros(instant.getEpochSecond(), micros);
  }

  /** The SQL expression of the timestamptz from the two values (NULL if either is). */
  public static String sql(String seconds, String microseconds) {
    return "(TIMESTAMPTZ 'epoch' + "
        + seconds
        + " * INTERVAL '1 second' + "
        + microseconds
        + " * INTERVAL '1 microsecond')";
  }
}
