package org.margindesk.paging;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.margindesk.domain.StorableInstant;

/**
 * The cursors of every list: where the last page a client saw ended, opaque to the client. A cursor
 * is its list's prefix and the sort key of the last row, separated by {@code |}, in URL-safe
 * base64. The last part may itself hold a {@code |} (an id), so a cursor splits into as many parts
 * as its list expects and no more.
 */
public final class Cursors {
  private Cursors() {}

  public static String encode(String prefix, Object... parts) {
    StringBuilder text = new StringBuilder(prefix);
    for (int i = 0; i < parts.length; i++) {
      text.append(i == 0 ? "" : "|").append(parts[i]);
    }
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.toString().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * @return the parts, or empty if the text is not a cursor of this list
   */
  public static Optional<List<String>> decode(String prefix, int parts, String cursor) {
    String text;
    try {
      text = new String(Base64.getUrlDecoder().decode(cursor.trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (!text.startsWith(prefix)) {
      return Optional.empty();
    }
    List<String> split = List.of(text.substring(prefix.length()).split("\\|", parts));
    return split.size() == parts && split.stream().noneMatch(String::isEmpty)
        ? Optional.of(split)
        : Optional.empty();
  }

  /**
   * @return the instant a cursor part holds, if it is one the database can compare
   */
  public static Optional<Instant> instant(String part) {
    try {
      Instant instant = Instant.parse(part);
      return StorableInstant.storable(instant) ? Optional.of(instant) : Optional.empty();
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
