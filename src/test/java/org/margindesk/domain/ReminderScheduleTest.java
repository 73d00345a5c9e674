package org.margindesk.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReminderScheduleTest {
  private static final long HOUR = Duration.ofHours(1).toMillis();
  private static final long OPENED = 1_000 * HOUR;
  private static final long DEADLINE = OPENED + 12 * HOUR;
  private static final ReminderSchedule SCHEDULE =
      new ReminderSchedule(List.of(6 * HOUR, HOUR), OPENED);

  @Test
  void givenTheDefaultOffsets_whenTheCallOpens_thenItWakesSixHoursBeforeTheDeadline() {
    assertThat(SCHEDULE.nextWakeUp(DEADLINE, OPENED)).isEqualTo(DEADLINE - 6 * HOUR);
    assertThat(SCHEDULE.due(DEADLINE, OPENED, false, List.of()).toSend()).isEmpty();
  }

  @Test
  void givenTheFirstReminderSent_whenWaiting_thenItWakesForTheNextOneAndThenTheDeadline() {
    assertThat(SCHEDULE.nextWakeUp(DEADLINE, DEADLINE - 6 * HOUR)).isEqualTo(DEADLINE - HOUR);
    assertThat(SCHEDULE.nextWakeUp(DEADLINE, DEADLINE - HOUR)).isEqualTo(DEADLINE);
  }

  @Test
  void givenAReminderTime_whenReached_thenItIsDueOnceByItsOffset() {
    ReminderSchedule.Due due = SCHEDULE.due(DEADLINE, DEADLINE - 6 * HOUR, false, List.of());

    assertThat(due.toSend()).containsExactly("PT6H");
    assertThat(due.passedOver()).isEmpty();
    assertThat(SCHEDULE.due(DEADLINE, DEADLINE - 5 * HOUR, false, List.of("PT6H")).toSend())
        .isEmpty();
  }

  @Test
  void givenAWindowShorterThanAnOffset_whenTheCallRuns_thenThatReminderIsNeverDueNorAwaited() {
    long deadline = OPENED + 3 * HOUR;

    assertThat(SCHEDULE.nextWakeUp(deadline, OPENED)).isEqualTo(deadline - HOUR);
    assertThat(SCHEDULE.due(deadline, deadline, false, List.of()).toSend()).containsExactly("PT1H");
  }

  @Test
  void givenAnUnmovedDeadline_whenBothRemindersAreOverdue_thenBothAreSent() {
    // A recovered call that was lost across both reminder times.
    assertThat(SCHEDULE.due(DEADLINE, DEADLINE - HOUR / 2, false, List.of()).toSend())
        .containsExactly("PT6H", "PT1H");
  }

  @Test
  void givenAnExtendedDeadline_whenSeveralRemindersAreDue_thenOnlyTheNearestIsSent() {
    long extended = DEADLINE + 6 * HOUR;
    String suffix = ":" + java.time.Instant.ofEpochMilli(extended);

    ReminderSchedule.Due due = SCHEDULE.due(extended, extended - HOUR / 2, true, List.of());

    assertThat(due.toSend()).containsExactly("PT1H" + suffix);
    assertThat(due.passedOver()).containsExactly("PT6H" + suffix);
  }

  @Test
  void givenAnExtension_whenTheNewDeadlinesRemindersFall_thenTheyAreNamedWithTheNewDeadline() {
    long extended = DEADLINE + 6 * HOUR;
    List<String> sentBefore = List.of("PT6H", "PT1H");

    ReminderSchedule.Due due = SCHEDULE.due(extended, extended - 6 * HOUR, true, sentBefore);

    assertThat(due.toSend())
        .containsExactly("PT6H:" + java.time.Instant.ofEpochMilli(extended).toString());
    assertThat(ReminderSchedule.name(HOUR, extended, false)).isEqualTo("PT1H");
  }
}
