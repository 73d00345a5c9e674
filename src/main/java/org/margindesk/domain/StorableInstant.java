package org.margindesk.domain;

import java.time.Instant;

/**
 * The instants the service accepts from outside: 1970 to 9999. {@link Instant#parse} takes years up
 * to ±1,000,000,000, far past what PostgreSQL's timestamptz holds (4713 BC to 294276 AD), so a
 * query filter or a cursor carrying {@code -999999999-01-01T00:00:00Z} reached a query and answered
 * 500. Raw bodies ({@code ingest/FieldReader}), query filters and cursors ({@code paging/}) all
 * check against this.
 */
public final class StorableInstant {
  public static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
  public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");
  public static final String RANGE = "must lie between 1970 and 9999";

  private StorableInstant() {}

  public static boolean storable(Instant instant) {
    return !instant.isBefore(EARLIEST) && !instant.isAfter(LATEST);
  }
}
