package org.margindesk.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * Escalation levels of an operator task. A task gets its SLA when it is created ({@code dueAt =
 * createdAt + SLA}); from then on it is at level {@code n} once {@code now >= createdAt + n × SLA},
 * so level 1 at the due time and one more level each further SLA period until it is done. The SLA
 * is read back from the task ({@code dueAt - createdAt}), so changing the configuration does not
 * move the levels of tasks already open.
 */
public final class TaskSla {
  private TaskSla() {}

  /** 0 before the due time. A zero SLA gives level 1 at once and never more. */
  public static int levelAt(Instant createdAt, Instant dueAt, Instant now) {
    if (now.isBefore(dueAt)) {
      return 0;
    }
    long period = Duration.between(createdAt, dueAt).toMillis();
    if (period <= 0) {
      return 1;
    }
    long level = 1 + Duration.between(dueAt, now).toMillis() / period;
    return (int) Math.min(level, Integer.MAX_VALUE);
  }

  /** When the task reaches {@code level} (level 1 is the due time). */
  public static Instant levelStartsAt(Instant createdAt, Instant dueAt, int level) {
    if (level <= 0) {
      return createdAt;
    }
    Duration period = Duration.between(createdAt, dueAt);
    return createdAt.plus(period.multipliedBy(level));
  }
}
