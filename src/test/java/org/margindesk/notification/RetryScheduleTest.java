package org.margindesk.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {
  private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
  private final RetrySchedule schedule =
      new RetrySchedule(Duration.ofSeconds(5), 2.0, Duration.ofMinutes(5), Duration.ofHours(12));

  @Test
  void givenFailures_whenTheyAddUp_thenTheDelayDoublesUpToTheCap() {
    assertThat(schedule.delayAfter(1)).isEqualTo(Duration.ofSeconds(5));
    assertThat(schedule.delayAfter(2)).isEqualTo(Duration.ofSeconds(10));
    assertThat(schedule.delayAfter(3)).isEqualTo(Duration.ofSeconds(20));
    assertThat(schedule.delayAfter(7)).isEqualTo(Duration.ofSeconds(300));
    assertThat(schedule.delayAfter(10_000)).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void givenASendNearItsMaximumAge_whenScheduled_thenTheLastTryIsAtTheMaximumAgeThenNone() {
    Instant now = START.plus(Duration.ofHours(12)).minusSeconds(60);

    assertThat(schedule.next(START, 1, START)).contains(START.plusSeconds(5));
    assertThat(schedule.next(START, 20, now)).contains(START.plus(Duration.ofHours(12)));
    assertThat(schedule.next(START, 21, START.plus(Duration.ofHours(12)))).isEmpty();
  }

  @Test
  void givenNonsense_whenConfigured_thenRefused() {
    assertThatThrownBy(
            () -> new RetrySchedule(Duration.ZERO, 2, Duration.ofMinutes(1), Duration.ofHours(1)))
        .hasMessageContaining("initial retry interval");
    assertThatThrownBy(
            () ->
                new RetrySchedule(
                    Duration.ofSeconds(1), 0.5, Duration.ofMinutes(1), Duration.ofHours(1)))
        .hasMessageContaining("multiplier");
    assertThatThrownBy(
            () ->
                new RetrySchedule(
                    Duration.ofMinutes(2), 2, Duration.ofMinutes(1), Duration.ofHours(1)))
        .hasMessageContaining("maximum retry interval");
  }
}
