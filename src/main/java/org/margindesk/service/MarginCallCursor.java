package org.margindesk.service;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.margindesk.paging.Cursors;

/**
 * The position after the last call a client saw, in the list's order (openedAt, then id, both
 * descending). The id breaks ties, so calls opened at the same instant are neither skipped nor
 * repeated.
 */
public record MarginCallCursor(Instant openedAt, String id) {
  public static final String PREFIX = "mc1|";

  public String encode() {
    return Cursors.encode(PREFIX, openedAt, id);
  }

  /** The position a cursor's parts hold, if they hold one. */
  public static Optional<MarginCallCursor> of(List<String> parts) {
    return Cursors.instant(parts.get(0)).map(at -> new MarginCallCursor(at, parts.get(1)));
  }
}
