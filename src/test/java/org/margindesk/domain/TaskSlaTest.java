package org.margindesk.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TaskSlaTest {
  private static final Instant CREATED = Instant.parse("2026-11-22T10:00:00Z");
  private static final Instant DUE = CREATED.plus(Duration.ofMinutes(30));

  private static int levelAfter(Duration elapsed) {
    return TaskSla.levelAt(CREATED, DUE, CREATED.plus(elapsed));
  }

  @Test
  void givenAThirtyMinuteSla_whenTimePasses_thenOneLevelPerPeriodFromTheDueTime() {
    assertThat(levelAfter(Duration.ZERO)).isZero();
    assertThat(levelAfter(Duration.ofMinutes(29).plusSeconds(59))).isZero();
    assertThat(levelAfter(Duration.ofMinutes(30))).isEqualTo(1);
    assertThat(levelAfter(Duration.ofMinutes(59))).isEqualTo(1);
    assertThat(levelAfter(Duration.ofMinutes(60))).isEqualTo(2);
    assertThat(levelAfter(Duration.ofHours(5))).isEqualTo(10);
  }

  @Test
  void givenAZeroSla_whenPastDue_thenLevelOneOnly() {
    assertThat(TaskSla.levelAt(CREATED, CREATED, CREATED)).isEqualTo(1);
    assertThat(TaskSla.levelAt(CREATED, CREATED, CREATED.plus(Duration.ofDays(3)))).isEqualTo(1);
  }

  @Test
  void givenAnyLevel_whenItsStartIsComputed_thenTheLevelAtThatInstantIsThatLevel() {
    for (int level = 1; level <= 5; level++) {
      Instant starts = TaskSla.levelStartsAt(CREATED, DUE, level);
      assertThat(TaskSla.levelAt(CREATED, DUE, starts)).isEqualTo(level);
      assertThat(TaskSla.levelAt(CREATED, DUE, starts.minusMillis(1))).isEqualTo(level - 1);
    }
  }
}
