package org.margindesk.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.margindesk.pacing.IngestionPressure;
import org.margindesk.pacing.StartBacklog;

/**
 * The periodic delivery of notices gives way to ingestion in flight, as workflow starts do, and to
 * the workflow starts still queued.
 */
@QuarkusTest
class NotificationRunsTest {
  @Inject NotificationRuns runs;
  @Inject IngestionPressure pressure;
  @Inject LifecycleFixtures fixtures;
  @Inject StartBacklog backlog;

  @Test
  void givenIngestionInFlight_whenARunIsDue_thenItWaitsForItThenDelivers() throws Exception {
    String callId = callWithPendingNotice();
    IngestionPressure.Request ingestion = pressure.enter();

    deliveredOnlyAfter(callId, "ingestion", ingestion::close);
  }

  @Test
  void givenWorkflowStartsQueued_whenARunIsDue_thenItWaitsForThemThenDelivers() throws Exception {
    String callId = callWithPendingNotice();
    assertThat(backlog.size()).as("the call's own start was counted out once made").isZero();
    // More than the dispatch threads run at once: a shock's backlog.
    int shock = 100;
    backlog.queued(shock);

    deliveredOnlyAfter(
        callId,
        "the starts",
        () -> {
          for (int i = 0; i < shock; i++) {
            backlog.done();
          }
        });
  }

  @Test
  void givenAStartThatOutlastsTheBound_whenARunIsDue_thenItDeliversAnyway() throws Exception {
    StartBacklog stuck = new StartBacklog();
    stuck.queued(100);
    NotificationRuns bounded =
        new NotificationRuns(
            null,
            new IngestionPressure(Duration.ZERO, Duration.ZERO),
            stuck,
            Duration.ZERO,
            8,
            true);

    CompletableFuture.runAsync(bounded.pacing()).get(30, TimeUnit.SECONDS);
  }

  private String callWithPendingNotice() {
    String callId = fixtures.snapshot(fixtures.facility(null), "12000").orElseThrow();
    Poll.until(
        Duration.ofSeconds(30),
        "the holder's notice is queued",
        () -> "PENDING".equals(notice(callId)));
    return callId;
  }

  /** A run parks behind {@code what} with the notice still pending, and delivers once released. */
  private void deliveredOnlyAfter(String callId, String what, Runnable release) throws Exception {
    Thread[] run = new Thread[1];
    CompletableFuture<Void> done;
    try {
      done =
          CompletableFuture.runAsync(
              () -> {
                run[0] = Thread.currentThread();
                runs.periodically();
              });
      Poll.until(
          Duration.ofSeconds(30),
          "the run is parked behind " + what,
          () -> run[0] != null && run[0].getState() == Thread.State.TIMED_WAITING);
      assertThat(done).isNotDone();
      assertThat(notice(callId)).isEqualTo("PENDING");
    } finally {
      release.run();
    }
    done.get(30, TimeUnit.SECONDS);
    assertThat(notice(callId)).isEqualTo("DELIVERED");
  }

  private String notice(String callId) {
    return fixtures.text(
        "SELECT status FROM notification WHERE margin_call_id = ? AND type = 'CALL_OPENED'",
        callId);
  }
}
