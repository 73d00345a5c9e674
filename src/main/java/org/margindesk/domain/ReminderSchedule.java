package org.margindesk.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * When a call's reminders go out: each at its offset before the current deadline, but never before
 * the call opened (a window shorter than the offset has no such reminder). Arithmetic on epoch
 * milliseconds only, so the workflow can ask it on every replay.
 *
 * @param offsetsMillis how long before the deadline each reminder goes out
 */
public record ReminderSchedule(List<Long> offsetsMillis, long openedAtMillis) {

  /**
   * The reminders to act on now, by {@link #name}.
   *
   * @param toSend the reminders to send, in the order of the offsets
   * @param passedOver reminders that are due but superseded by a nearer one: count them as sent
   */
  public record Due(List<String> toSend, List<String> passedOver) {}

  /**
   * A reminder's name: its offset, and once a supervisor has moved the deadline, the deadline too,
   * so that the new deadline's reminders go out even though the old deadline's went out already.
   * The name is also the last part of the reminder notification's key.
   */
  public static String name(long offsetMillis, long deadlineMillis, boolean extended) {
    String offset = Duration.ofMillis(offsetMillis).toString();
    return extended ? offset + ":" + Instant.ofEpochMilli(deadlineMillis) : offset;
  }

  /**
   * The reminders of {@code deadlineMillis} that are due at {@code nowMillis} and not yet {@code
   * sent}.
   *
   * @param extended whether the deadline was ever moved
   */
  public Due due(long deadlineMillis, long nowMillis, boolean extended, Collection<String> sent) {
    List<Long> due = new ArrayList<>();
    for (long offset : offsetsMillis) {
      long at = deadlineMillis - offset;
      if (at <= nowMillis
          && at >= openedAtMillis
          && !sent.contains(name(offset, deadlineMillis, extended))) {
        due.add(offset);
      }
    }
    List<String> passedOver = new ArrayList<>();
    if (extended && due.size() > 1) {
      // Right after an extension several reminders of the new deadline can be due at once; only
      // the nearest one tells the holder how much time is really left.
      long nearest = Collections.min(due);
      due.stream()
          .filter(offset -> offset != nearest)
          .map(offset -> name(offset, deadlineMillis, true))
          .forEach(passedOver::add);
      due = List.of(nearest);
    }
    return new Due(
        due.stream().map(offset -> name(offset, deadlineMillis, extended)).toList(), passedOver);
  }

  /** When the call next has something to do: its next reminder, or else the deadline itself. */
  public long nextWakeUp(long deadlineMillis, long nowMillis) {
    long wake = deadlineMillis;
    for (long offset : offsetsMillis) {
      long at = deadlineMillis - offset;
      if (at > nowMillis && at >= openedAtMillis && at < wake) {
        wake = at;
      }
    }
    return wake;
  }
}
