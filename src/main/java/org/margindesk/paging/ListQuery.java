package org.margindesk.paging;

import jakarta.ws.rs.QueryParam;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.margindesk.domain.Refusal;
import org.margindesk.domain.StorableInstant;

/**
 * The query string of a list, shared by every list of the API and the console: {@code limit} and
 * {@code cursor}, and the readers of filters. Each reader records a bad value and goes on, so one
 * refusal names every bad parameter. The rules are the same everywhere: blank means absent, values
 * are trimmed, enum names are case-insensitive, and a page holds 1 to {@link #MAX_LIMIT} rows.
 */
public abstract class ListQuery {
  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 500;
  public static final String FOREIGN_CURSOR =
      "is not a cursor this service issued; start without one";

  @QueryParam("limit")
  protected String limit;

  @QueryParam("cursor")
  protected String cursor;

  private final List<Refusal.FieldError> errors = new ArrayList<>();

  /** The page size asked for, or {@link #DEFAULT_LIMIT}. */
  protected int pageSize() {
    if (blank(limit)) {
      return DEFAULT_LIMIT;
    }
    try {
      int value = Integer.parseInt(limit.trim());
      if (value >= 1 && value <= MAX_LIMIT) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below, like an out-of-range number
    }
    error("limit", "'" + limit + "' is not a whole number from 1 to " + MAX_LIMIT);
    return DEFAULT_LIMIT;
  }

  /**
   * @param read turns the cursor's parts into a position; empty when they do not make one
   * @return the position to resume after, or null to start at the top
   */
  protected <P> P after(String prefix, int parts, Function<List<String>, Optional<P>> read) {
    if (blank(cursor)) {
      return null;
    }
    Optional<P> position = Cursors.decode(prefix, parts, cursor).flatMap(read);
    if (position.isEmpty()) {
      error("cursor", FOREIGN_CURSOR);
    }
    return position.orElse(null);
  }

  /** One name of an enum, any case; {@code noun} names it in the message ("a task status"). */
  protected <E extends Enum<E>> E oneOf(String field, String value, Class<E> type, String noun) {
    if (blank(value)) {
      return null;
    }
    String name = value.trim().toUpperCase(Locale.ROOT);
    for (E candidate : type.getEnumConstants()) {
      if (candidate.name().equals(name)) {
        return candidate;
      }
    }
    error(field, "'" + value.trim() + "' is not " + noun + "; use one of " + names(type));
    return null;
  }

  /** One or several names of an enum separated by commas, e.g. {@code OPEN,CLAIMED}. */
  protected <E extends Enum<E>> Set<E> someOf(
      String field, String value, Class<E> type, String noun) {
    if (blank(value)) {
      return null;
    }
    Set<E> chosen = new LinkedHashSet<>();
    for (String part : value.split(",")) {
      E one = oneOf(field, part.isBlank() ? "(empty)" : part, type, noun);
      if (one == null) {
        return null;
      }
      chosen.add(one);
    }
    return chosen;
  }

  /** A filter's text, trimmed; at most {@code maxLength} characters. */
  protected String text(String field, String value, int maxLength) {
    if (blank(value)) {
      return null;
    }
    if (value.length() > maxLength) {
      error(field, "must be at most " + maxLength + " characters long");
      return null;
    }
    return value.trim();
  }

  /** An ISO-8601 instant such as 2026-01-31T09:30:00Z, within what the database holds. */
  protected Instant instant(String field, String value) {
    if (blank(value)) {
      return null;
    }
    try {
      Instant instant = Instant.parse(value.trim());
      if (StorableInstant.storable(instant)) {
        return instant;
      }
      error(field, StorableInstant.RANGE);
    } catch (DateTimeParseException e) {
      error(field, "'" + value + "' is not an ISO-8601 instant such as 2026-01-31T09:30:00Z");
    }
    return null;
  }

  protected void error(String field, String message) {
    errors.add(new Refusal.FieldError(field, message));
  }

  /**
   * @throws Refusal invalid, naming every bad parameter read so far
   */
  protected void refuseIfAnyError() {
    if (!errors.isEmpty()) {
      throw Refusal.invalid(errors);
    }
  }

  protected static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  private static String names(Class<? extends Enum<?>> type) {
    return Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
  }
}
