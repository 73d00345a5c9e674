package org.margindesk.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class IngestionPressureTest {
  private static final Duration LONG = Duration.ofMinutes(5);

  @Test
  void givenNoIngestionInFlight_whenWorkYields_thenItGoesAtOnce() throws Exception {
    IngestionPressure pressure = new IngestionPressure(LONG, LONG);

    CompletableFuture.runAsync(() -> pressure.yieldUntil(pressure.deadlineFromNow()))
        .get(30, TimeUnit.SECONDS);
  }

  @Test
  void givenABatchInFlight_whenWorkYields_thenItWaitsUntilTheBatchEnds() throws Exception {
    IngestionPressure pressure = new IngestionPressure(LONG, LONG);
    pressure.enter();
    IngestionPressure.Deadline deadline = pressure.deadlineFromNow();
    Thread[] waiter = new Thread[1];
    CompletableFuture<Void> work =
        CompletableFuture.runAsync(
            () -> {
              waiter[0] = Thread.currentThread();
              pressure.yieldUntil(deadline);
            });

    Poll.until(
        Duration.ofSeconds(30),
        "the work is parked behind the batch",
        () -> waiter[0] != null && waiter[0].getState() == Thread.State.TIMED_WAITING);
    assertThat(work).isNotDone();
    pressure.exit();
    work.get(30, TimeUnit.SECONDS);
  }

  @Test
  void givenABatchInFlight_whenANoticeYields_thenItGoesAtOnce() throws Exception {
    IngestionPressure pressure = new IngestionPressure(LONG, LONG);
    pressure.enter();

    CompletableFuture.runAsync(() -> pressure.yieldUntil(pressure.noticeDeadlineFromNow()))
        .get(30, TimeUnit.SECONDS);
  }

  @Test
  void givenIngestionThatNeverStops_whenTheDeadlinePasses_thenWorkGoesAnyway() throws Exception {
    IngestionPressure pressure = new IngestionPressure(Duration.ZERO, Duration.ZERO);
    pressure.enter();

    CompletableFuture.runAsync(() -> pressure.yieldUntil(pressure.deadlineFromNow()))
        .get(30, TimeUnit.SECONDS);
  }

  @Test
  void givenRestrictionsBeingConfirmed_whenTheIngestionDeadlinePasses_thenWorkWaitsForThem()
      throws Exception {
    IngestionPressure pressure = new IngestionPressure(Duration.ZERO, LONG);
    CompletableFuture<Void> confirmed = new CompletableFuture<>();
    CompletableFuture<Void> started = new CompletableFuture<>();
    CompletableFuture<Void> confirmation =
        CompletableFuture.runAsync(
            () ->
                pressure.confirming(
                    () -> {
                      started.complete(null);
                      return confirmed.join();
                    }));
    started.get(30, TimeUnit.SECONDS);
    Thread[] waiter = new Thread[1];
    CompletableFuture<Void> work =
        CompletableFuture.runAsync(
            () -> {
              waiter[0] = Thread.currentThread();
              pressure.yieldUntil(pressure.deadlineFromNow());
            },
            Executors.newSingleThreadExecutor());

    Poll.until(
        Duration.ofSeconds(30),
        "the work is parked behind the confirmation",
        () -> waiter[0] != null && waiter[0].getState() == Thread.State.TIMED_WAITING);
    assertThat(work).isNotDone();
    confirmed.complete(null);
    confirmation.get(30, TimeUnit.SECONDS);
    work.get(30, TimeUnit.SECONDS);
  }
}
