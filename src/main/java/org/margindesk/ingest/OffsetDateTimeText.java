package org.margindesk.ingest;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Reads an ISO-8601 date-time with an offset exactly as {@link
 * DateTimeFormatter#ISO_OFFSET_DATE_TIME} does: the same text is accepted, gives the same instant,
 * and is refused with the formatter's own exception.
 *
 * <p>Why not the formatter alone: every snapshot carries one such time, and in a feed of healthy
 * batches the formatter's general parse (a field map, then resolution) took 7% of the service's
 * CPU. The shape feeds send, {@code yyyy-MM-ddTHH:mm:ss[.fraction](Z|±HH:MM)}, is read here by
 * position, with {@link OffsetDateTime#of} still judging every field's range (month lengths, leap
 * years, hours below 24, offsets within ±18:00). Any other shape, and any value {@code of} refuses,
 * goes to the formatter, which decides. Libraries that parse this faster (RFC 3339 parsers) accept
 * trailing characters and malformed offsets the formatter refuses, so they cannot stand in for it.
 */
public final class OffsetDateTimeText {
  private static final int FIXED = "2026-11-22T10:00:00".length();

  private OffsetDateTimeText() {}

  /**
   * @throws java.time.format.DateTimeParseException as {@link OffsetDateTime#parse} does
   */
  public static Instant parse(String text) {
    Instant common = common(text);
    return common != null
        ? common
        : OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
  }

  /** The instant of text in the common shape, or null for any other shape or refused value. */
  private static Instant common(String s) {
    int length = s.length();
    if (length < FIXED + 1
        || !digits(s, 0, 4)
        || s.charAt(4) != '-'
        || !digits(s, 5, 7)
        || s.charAt(7) != '-'
        || !digits(s, 8, 10)
        || (s.charAt(10) != 'T' && s.charAt(10) != 't')
        || !digits(s, 11, 13)
        || s.charAt(13) != ':'
        || !digits(s, 14, 16)
        || s.charAt(16) != ':'
        || !digits(s, 17, 19)) {
      return null;
    }
    int at = FIXED;
    int nanos = 0;
    if (s.charAt(at) == '.') {
      int first = ++at;
      while (at < length && at - first < 9 && digit(s.charAt(at))) {
        nanos = nanos * 10 + (s.charAt(at) - '0');
        at++;
      }
      if (at == first) {
        return null;
      }
      for (int place = at - first; place < 9; place++) {
        nanos *= 10;
      }
    }
    ZoneOffset offset = offset(s, at);
    if (offset == null) {
      return null;
    }
    try {
      return OffsetDateTime.of(
              number(s, 0, 4),
              number(s, 5, 7),
              number(s, 8, 10),
              number(s, 11, 13),
              number(s, 14, 16),
              number(s, 17, 19),
              nanos,
              offset)
          .toInstant();
    } catch (DateTimeException refused) {
      return null;
    }
  }

  /** {@code Z}, {@code z} or {@code ±HH:MM} from at to the end, or null. */
  private static ZoneOffset offset(String s, int at) {
    int length = s.length();
    if (at >= length) {
      return null;
    }
    char first = s.charAt(at);
    if (at == length - 1 && (first == 'Z' || first == 'z')) {
      return ZoneOffset.UTC;
    }
    if (at != length - 6
        || (first != '+' && first != '-')
        || !digits(s, at + 1, at + 3)
        || s.charAt(at + 3) != ':'
        || !digits(s, at + 4, at + 6)) {
      return null;
    }
    int sign = first == '-' ? -1 : 1;
    try {
      return ZoneOffset.ofHoursMinutes(
          sign * number(s, at + 1, at + 3), sign * number(s, at + 4, at + 6));
    } catch (DateTimeException refused) {
      return null;
    }
  }

  private static boolean digits(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!digit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean digit(char c) {
    return c >= '0' && c <= '9';
  }

  private static int number(String s, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      value = value * 10 + (s.charAt(i) - '0');
    }
    return value;
  }
}
