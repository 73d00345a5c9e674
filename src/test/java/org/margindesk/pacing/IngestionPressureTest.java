package org.margindesk.pacing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.margindesk.service.Poll;

class IngestionPressureTest {
  private static final Duration LONG = Duration.ofMinutes(5);

  @Test
  void givenNoIngestionInFlight_whenWorkYields_thenItGoesAtOnce() throws Exception {
    IngestionPressure pressure = new IngestionPressure(LONG, LONG);

    CompletableFuture.runAsync(() -> pressure.yieldUntil(pressure.deadlineFromNow()))
        .get(30, TimeUnit.SECONDS);
    assertThat(pressure.whenClear(pressure.deadlineFromNow())).isDone();
  }

  @Test
  void givenABatchInFlight_whenWorkYields_thenItWaitsUntilTheBatchEnds() throws Exception {
    IngestionPressure pressure = new IngestionPressure(LONG, LONG);
    IngestionPressure.Request batch = pressure.enter();
    CompletableFuture<Void> work = parked(pressure, pressure.deadlineFromNow());

    batch.close();

    work.get(30, TimeUnit.SECONDS);
  }

  @Test
  void givenAHealthyBatchInFlight_whenWorkWaitingOnlyForRestrictionsYields_thenItGoesAtOnce()
      throws Exception {
    IngestionPressure pressure = new IngestionPressure(LONG, LONG);
    pressure.enter();

    CompletableFuture.runAsync(() -> pressure.yieldUntil(pressure.restrictionsDeadlineFromNow()))
        .get(30, TimeUnit.SECONDS);
    assertThat(pressure.holds(pressure.restrictionsDeadlineFromNow())).isFalse();
    assertThat(pressure.whenClear(pressure.restrictionsDeadlineFromNow())).isDone();
  }

  @Test
  void givenIngestionThatNeverStops_whenTheDeadlinePasses_thenWorkGoesAnyway() throws Exception {
    IngestionPressure pressure = new IngestionPressure(Duration.ZERO, Duration.ZERO);
    pressure.enter().restricting();

    CompletableFuture.runAsync(() -> pressure.yieldUntil(pressure.deadlineFromNow()))
        .get(30, TimeUnit.SECONDS);
    assertThat(pressure.whenClear(pressure.deadlineFromNow())).isDone();
  }

  @Test
  void givenBreachesBeingRestricted_whenTheIngestionDeadlinePasses_thenWorkWaitsForThem()
      throws Exception {
    IngestionPressure pressure = new IngestionPressure(Duration.ZERO, LONG);
    IngestionPressure.Request batch = pressure.enter();
    batch.restricting();
    CompletableFuture<Void> work = parked(pressure, pressure.deadlineFromNow());
    CompletableFuture<Void> poll = pressure.whenClear(pressure.restrictionsDeadlineFromNow());
    assertThat(pressure.holds(pressure.restrictionsDeadlineFromNow())).isTrue();
    assertThat(poll).isNotDone();

    batch.close();

    work.get(30, TimeUnit.SECONDS);
    poll.get(30, TimeUnit.SECONDS);
    assertThat(pressure.holds(pressure.restrictionsDeadlineFromNow())).isFalse();
  }

  @Test
  void givenTwoBatchesRestricting_whenOneEnds_thenWorkWaitsForTheOther() throws Exception {
    IngestionPressure pressure = new IngestionPressure(LONG, LONG);
    IngestionPressure.Request first = pressure.enter();
    IngestionPressure.Request second = pressure.enter();
    first.restricting();
    first.restricting();
    second.restricting();
    CompletableFuture<Void> poll = pressure.whenClear(pressure.restrictionsDeadlineFromNow());

    first.close();
    first.close();
    assertThat(poll).isNotDone();
    assertThat(pressure.holds(pressure.restrictionsDeadlineFromNow())).isTrue();
    second.close();

    poll.get(30, TimeUnit.SECONDS);
    assertThat(pressure.holds(pressure.deadlineFromNow())).isFalse();
  }

  @Test
  void givenBreachesRestrictedForever_whenAPollWaits_thenItGoesAtItsDeadline() throws Exception {
    IngestionPressure pressure = new IngestionPressure(LONG, Duration.ofMillis(200));
    pressure.enter().restricting();

    CompletableFuture<Void> poll = pressure.whenClear(pressure.restrictionsDeadlineFromNow());

    poll.get(30, TimeUnit.SECONDS);
  }

  @Test
  void givenAPassWhoseDeadlineHasPassed_whenBreachesAreRestricted_thenItsNextItemWaitsForThem()
      throws Exception {
    IngestionPressure pressure = new IngestionPressure(LONG, LONG);
    long past = System.nanoTime() - 1;
    IngestionPressure.Deadline pass = new IngestionPressure.Deadline(past, past);
    IngestionPressure.Request healthy = pressure.enter();

    CompletableFuture.runAsync(() -> pressure.yieldItem(pass)).get(30, TimeUnit.SECONDS);
    IngestionPressure.Request breaches = pressure.enter();
    breaches.restricting();
    CompletableFuture<Void> item = parked(() -> pressure.yieldItem(pass));

    breaches.close();
    item.get(30, TimeUnit.SECONDS);
    healthy.close();
  }

  /** Work yielding on its own thread, seen parked. */
  private static CompletableFuture<Void> parked(
      IngestionPressure pressure, IngestionPressure.Deadline deadline) {
    return parked(() -> pressure.yieldUntil(deadline));
  }

  private static CompletableFuture<Void> parked(Runnable yielding) {
    Thread[] waiter = new Thread[1];
    CompletableFuture<Void> work =
        CompletableFuture.runAsync(
            () -> {
              waiter[0] = Thread.currentThread();
              yielding.run();
            });
    Poll.until(
        Duration.ofSeconds(30),
        "the work is parked behind ingestion",
        () -> waiter[0] != null && waiter[0].getState() == Thread.State.TIMED_WAITING);
    assertThat(work).isNotDone();
    return work;
  }
}
