package org.margindesk.pacing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.margindesk.service.Poll;

class StartBacklogTest {
  private static final Duration LONG = Duration.ofMinutes(5);

  @Test
  void givenNoStartQueued_whenAWaitBegins_thenItEndsAtOnce() {
    StartBacklog backlog = new StartBacklog();

    assertThat(backlog.awaitNoMoreThan(0, LONG)).isTrue();
  }

  @Test
  void givenStartsQueued_whenTheLastIsDone_thenTheWaitEnds() throws Exception {
    StartBacklog backlog = new StartBacklog();
    backlog.queued(2);
    Thread[] waiter = new Thread[1];
    CompletableFuture<Boolean> wait =
        CompletableFuture.supplyAsync(
            () -> {
              waiter[0] = Thread.currentThread();
              return backlog.awaitNoMoreThan(0, LONG);
            });
    Poll.until(
        Duration.ofSeconds(30),
        "the wait is parked behind the starts",
        () -> waiter[0] != null && waiter[0].getState() == Thread.State.TIMED_WAITING);

    backlog.done();
    assertThat(wait).as("one start still queued").isNotDone();
    backlog.done();

    assertThat(wait.get(30, TimeUnit.SECONDS)).isTrue();
    assertThat(backlog.size()).isZero();
  }

  @Test
  void givenFewerStartsQueuedThanTheThreshold_whenAWaitBegins_thenItEndsAtOnce() {
    StartBacklog backlog = new StartBacklog();
    backlog.queued(8);

    assertThat(backlog.awaitNoMoreThan(8, LONG)).isTrue();
    assertThat(backlog.awaitNoMoreThan(7, Duration.ZERO)).isFalse();
  }

  @Test
  void givenAStartThatNeverEnds_whenTheBoundPasses_thenTheWaitEndsAnyway() {
    StartBacklog backlog = new StartBacklog();
    backlog.queued(1);

    assertThat(backlog.awaitNoMoreThan(0, Duration.ZERO)).isFalse();
    assertThat(backlog.awaitNoMoreThan(0, Duration.ofMillis(1))).isFalse();
  }

  @Test
  void givenMoreDonesThanQueued_whenCounted_thenTheBacklogDoesNotGoBelowZero() {
    StartBacklog backlog = new StartBacklog();
    backlog.done();
    backlog.queued(1);

    assertThat(backlog.size()).isEqualTo(1);
  }
}
