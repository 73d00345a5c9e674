package org.margindesk.service;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.margindesk.paging.Cursors;

/** Where a page of tasks ends: lists run in (dueAt, id) order, most urgent first. */
public record TaskPosition(Instant dueAt, String id) {
  public static final String CURSOR = "task:";

  public String cursor() {
    return Cursors.encode(CURSOR, dueAt, id);
  }

  /** The position a cursor's parts hold, if they hold one. */
  public static Optional<TaskPosition> of(List<String> parts) {
    return Cursors.instant(parts.get(0)).map(due -> new TaskPosition(due, parts.get(1)));
  }
}
