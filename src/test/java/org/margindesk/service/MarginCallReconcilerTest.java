package org.margindesk.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.margindesk.config.TestClock;
import org.margindesk.pacing.IngestionPressure;

/** How the reconciler picks its calls: never a live start, and one bad call spoils only itself. */
@QuarkusTest
class MarginCallReconcilerTest {
  private static final Duration PAST_THE_GRACE =
      MarginCallRecoveryEndToEndTest.START_GRACE.plusSeconds(1);

  @Inject LifecycleFixtures fixtures;
  @Inject MarginCallReconciler reconciler;
  @Inject CallWorkflows starter;
  @Inject IngestionPressure pressure;
  @Inject WorkflowClient client;
  @Inject TestClock clock;
  @Inject MeterRegistry registry;

  @AfterEach
  void resetClock() {
    clock.reset();
  }

  @Test
  void givenACallOpenedWithinTheStartGrace_whenReconciled_thenItIsLeftToItsOwnStart() {
    String callId = openCall();
    // What the reconciler would see while the start that follows the commit is still on its way.
    client.newUntypedWorkflowStub(callId).terminate("start still in flight");

    assertThat(reconciler.reconcile()).doesNotContain(callId);
    assertThat(status(callId))
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED);

    clock.advance(PAST_THE_GRACE);
    assertThat(reconciler.reconcile()).contains(callId);
  }

  @Test
  void givenOneCallThatCannotBeRecovered_whenReconciled_thenTheOthersAreAndTheFailureIsCounted() {
    String broken = openCall();
    String lost = openCall();
    client.newUntypedWorkflowStub(broken).terminate("lost");
    client.newUntypedWorkflowStub(lost).terminate("lost");
    fixtures.execute("UPDATE margin_call SET latest_assessment = 'BOGUS' WHERE id = ?", broken);
    double failuresBefore = failures();
    clock.advance(PAST_THE_GRACE);

    try {
      assertThat(reconciler.reconcile()).contains(lost).doesNotContain(broken);
      assertThat(failures() - failuresBefore).isGreaterThanOrEqualTo(1);
    } finally {
      // Later passes, here and in other tests, should not keep meeting this row.
      fixtures.execute("UPDATE margin_call SET status = 'CURED' WHERE id = ?", broken);
    }
  }

  @Test
  void givenRunningAndEndedCalls_whenListed_thenOnlyTheRunningOnesAreNamed() {
    String running = openCall();
    String ended = openCall();
    Poll.until(
        Duration.ofSeconds(30),
        "both workflows run",
        () -> starter.isRunning(running) && starter.isRunning(ended));
    client.newUntypedWorkflowStub(ended).terminate("ended");

    // Polled: the embedded test server's listing can fail while other workflows start, and a
    // failed listing answers no call (each is then described).
    Poll.until(
        Duration.ofSeconds(30),
        "the listing names the running call only",
        () ->
            starter
                .runningAmong(Set.of(running, ended, "margin-call-nobody-1"))
                .equals(Set.of(running)));
    assertThat(starter.runningAmong(Set.of())).isEmpty();
  }

  @Test
  void givenARunningCallPastTheGrace_whenReconciled_thenItIsLeftAlone() {
    String callId = openCall();
    Poll.until(Duration.ofSeconds(30), "the workflow runs", () -> starter.isRunning(callId));
    clock.advance(PAST_THE_GRACE);
    // A pass the listing answered checks no call one by one: neither this one nor any other
    // running one. Polled, as the embedded test server's listing can fail while other workflows
    // start (each call is then checked on its own).
    Poll.until(
        Duration.ofSeconds(30),
        "a pass that checks no call one by one",
        () -> {
          double checkedBefore = checks();
          assertThat(reconciler.reconcile()).doesNotContain(callId);
          return checks() == checkedBefore;
        });
    assertThat(status(callId)).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
  }

  private double checks() {
    return registry.get("margindesk.reconciler.checks").counter().count();
  }

  @Test
  void givenIngestionInFlight_whenThePeriodicPassIsDue_thenItWaitsForIt() throws Exception {
    IngestionPressure.Request ingestion = pressure.enter();
    Thread[] pass = new Thread[1];
    CompletableFuture<Void> done;
    try {
      done =
          CompletableFuture.runAsync(
              () -> {
                pass[0] = Thread.currentThread();
                reconciler.periodically();
              });
      Poll.until(
          Duration.ofSeconds(30),
          "the pass is parked behind ingestion",
          () -> pass[0] != null && pass[0].getState() == Thread.State.TIMED_WAITING);
      assertThat(done).isNotDone();
    } finally {
      ingestion.close();
    }
    done.get(30, TimeUnit.SECONDS);
  }

  @Test
  void givenBreachesBeingRestricted_whenAPassReachesALostCall_thenItWaitsForThemFirst()
      throws Exception {
    String lost = openCall();
    client.newUntypedWorkflowStub(lost).terminate("lost");
    clock.advance(PAST_THE_GRACE);
    IngestionPressure.Request breaches = pressure.enter();
    breaches.restricting();
    Thread[] pass = new Thread[1];
    CompletableFuture<List<String>> done;
    try {
      // Called directly, not periodically(): no wait at the pass's start, only before each call.
      done =
          CompletableFuture.supplyAsync(
              () -> {
                pass[0] = Thread.currentThread();
                return reconciler.reconcile();
              });
      Poll.until(
          Duration.ofSeconds(30),
          "the pass is parked behind the restrictions",
          () -> pass[0] != null && yielding(pass[0]));
      assertThat(done).isNotDone();
      assertThat(status(lost))
          .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED);
    } finally {
      breaches.close();
    }
    assertThat(done.get(30, TimeUnit.SECONDS)).contains(lost);
  }

  private static boolean yielding(Thread thread) {
    return Arrays.stream(thread.getStackTrace())
        .anyMatch(frame -> frame.getClassName().equals(IngestionPressure.class.getName()));
  }

  /** A fresh account in breach: its call, opened by ingestion. */
  private String openCall() {
    return fixtures.snapshot(fixtures.facility(null), "12000").orElseThrow();
  }

  private double failures() {
    return registry.get("margindesk.reconciler.failures").counter().count();
  }

  private WorkflowExecutionStatus status(String callId) {
    return client
        .getWorkflowServiceStubs()
        .blockingStub()
        .describeWorkflowExecution(
            io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest.newBuilder()
                .setNamespace(client.getOptions().getNamespace())
                .setExecution(
                    io.temporal.api.common.v1.WorkflowExecution.newBuilder()
                        .setWorkflowId(callId)
                        .build())
                .build())
        .getWorkflowExecutionInfo()
        .getStatus();
  }
}
