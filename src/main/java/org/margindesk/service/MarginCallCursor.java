package org.margindesk.service;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Optional;
import org.margindesk.ingest.StorableInstant;

/**
 * The position after the last call a client saw, in the list's order (openedAt, then id, both
 * descending). Opaque to clients; the id breaks ties, so calls opened at the same instant are
 * neither skipped nor repeated.
 */
public record MarginCallCursor(Instant openedAt, String id) {
  private static final String PREFIX = "mc1|";

  public String encode() {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((PREFIX + openedAt + "|" + id).getBytes(StandardCharsets.UTF_8));
  }

  /** The cursor, or empty if the text is not one this service issued. */
  public static Optional<MarginCallCursor> decode(String text) {
    try {
      String decoded = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
      if (!decoded.startsWith(PREFIX)) {
        return Optional.empty();
      }
      String rest = decoded.substring(PREFIX.length());
      int bar = rest.indexOf('|');
      if (bar < 0 || bar == rest.length() - 1) {
        return Optional.empty();
      }
      Instant openedAt = Instant.parse(rest.substring(0, bar));
      return StorableInstant.storable(openedAt)
          ? Optional.of(new MarginCallCursor(openedAt, rest.substring(bar + 1)))
          : Optional.empty();
    } catch (IllegalArgumentException | DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
