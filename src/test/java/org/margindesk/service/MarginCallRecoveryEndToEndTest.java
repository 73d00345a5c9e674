package org.margindesk.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowClient;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.margindesk.config.TestClock;
import org.margindesk.embedded.EmbeddedServices;
import org.margindesk.gateway.AccountControls;
import org.margindesk.gateway.SimulatedExchange;
import org.margindesk.workflow.MarginCallWorkflow;
import org.margindesk.workflow.messages.commands.TaskCompletion;
import org.margindesk.workflow.messages.queries.StateQuery;

/**
 * A lost workflow (terminated here; on the embedded server, any restart) is restarted by the
 * reconciler from PostgreSQL and carries on where it was, without repeating any side effect.
 */
@QuarkusTest
class MarginCallRecoveryEndToEndTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  static final Duration START_GRACE = Duration.ofSeconds(15);

  @Inject LifecycleFixtures fixtures;
  @Inject MarginCallReconciler reconciler;
  @Inject SimulatedExchange exchange;
  @Inject WorkflowClient client;
  @Inject TestClock clock;

  @AfterEach
  void resetClock() {
    clock.reset();
  }

  /** The calls here were opened seconds ago; the reconciler leaves younger ones to their start. */
  private java.util.List<String> reconcilePastTheStartGrace() {
    clock.advance(START_GRACE.plusSeconds(1));
    return reconciler.reconcile();
  }

  @Test
  void givenAnOpenCallWhoseWorkflowIsLost_whenReconciled_thenItContinuesWithNoRepeatedEffect() {
    String account = fixtures.facility(null);
    String callId = fixtures.snapshot(account, "12000").orElseThrow();
    Poll.until(WAIT, "remediation started", () -> timerStarted(callId));
    long effects = sideEffects(account);
    long notices = notifications(callId);
    long audits = audits(callId);
    String lostRun = runId(callId);

    client.newUntypedWorkflowStub(callId).terminate("simulated loss of the workflow");
    assertThat(reconcilePastTheStartGrace()).contains(callId);

    Poll.until(
        WAIT,
        "recovered run waits again",
        () -> !runId(callId).equals(lostRun) && timerStarted(callId));
    assertThat(sideEffects(account)).isEqualTo(effects);
    assertThat(notifications(callId)).isEqualTo(notices);
    assertThat(audits(callId)).isEqualTo(audits);
    assertThat(fixtures.text("SELECT deadline FROM margin_call WHERE id = ?", callId))
        .as("the original deadline is kept")
        .isNotNull();
    assertThat(reconcilePastTheStartGrace())
        .as("a running workflow is left alone")
        .doesNotContain(callId);

    fixtures.snapshot(account, "13000");

    Poll.until(WAIT, "call cured", () -> "CURED".equals(fixtures.callStatus(callId)));
    assertThat(sideEffects(account)).isEqualTo(effects + 2);
    assertThat(exchange.restrictions(account)).isEqualTo(AccountControls.UNRESTRICTED);
    assertThat(pendingNotice(callId)).as("a delivered notice is cleared").isNull();
  }

  @Test
  void givenACureWhoseSignalWasLost_whenReconciled_thenTheRunningCallHearsItAndIsCured() {
    String account = fixtures.facility(null);
    String callId = fixtures.snapshot(account, "12000").orElseThrow();
    Poll.until(WAIT, "remediation started", () -> timerStarted(callId));
    // What ingestion leaves behind when Temporal is unreachable right after its commit: the new
    // assessment and the undelivered notice, and a workflow that never heard of it.
    fixtures.execute(
        "UPDATE margin_call SET latest_assessment = 'HEALTHY', pending_notice = CAST(? AS jsonb)"
            + " WHERE id = ?",
        "{\"assessment\":\"HEALTHY\",\"reasons\":[],\"snapshotId\":\"lost-signal\","
            + "\"asOfMillis\":"
            + System.currentTimeMillis()
            + "}",
        callId);

    assertThat(reconcilePastTheStartGrace())
        .as("the running workflow is not restarted")
        .doesNotContain(callId);

    Poll.until(WAIT, "call cured", () -> "CURED".equals(fixtures.callStatus(callId)));
    assertThat(pendingNotice(callId)).isNull();
    assertThat(exchange.restrictions(account)).isEqualTo(AccountControls.UNRESTRICTED);
  }

  private String pendingNotice(String callId) {
    return fixtures.text("SELECT pending_notice::text FROM margin_call WHERE id = ?", callId);
  }

  @Test
  void givenTheEmbeddedTemporalRestarts_whenReconciled_thenOpenCallsContinueWithNoRepeatedEffect() {
    String account = fixtures.facility(null);
    String callId = fixtures.snapshot(account, "12000").orElseThrow();
    Poll.until(WAIT, "remediation started", () -> timerStarted(callId));
    long effects = sideEffects(account);
    long notices = notifications(callId);
    long audits = audits(callId);

    // The restarted server has forgotten every workflow: the call now lives only in PostgreSQL.
    EmbeddedServices.restartTemporal();
    Poll.until(
        WAIT,
        "the reconciler restarts the call once the new server answers",
        () -> reconcileWhenReachable().contains(callId));

    Poll.until(WAIT, "recovered run waits again", () -> timerStarted(callId));
    assertThat(sideEffects(account)).isEqualTo(effects);
    assertThat(notifications(callId)).isEqualTo(notices);
    assertThat(audits(callId)).isEqualTo(audits);

    fixtures.snapshot(account, "13000");

    Poll.until(WAIT, "call cured", () -> "CURED".equals(fixtures.callStatus(callId)));
    assertThat(exchange.restrictions(account)).isEqualTo(AccountControls.UNRESTRICTED);
  }

  @Test
  void givenALiquidationLostAtAManualStep_whenReconciled_thenDoneTasksStayDoneAndItFinishes() {
    String account = fixtures.facility("PT1S");
    String callId = fixtures.snapshot(account, "12000").orElseThrow();
    MarginCallWorkflow workflow = client.newWorkflowStub(MarginCallWorkflow.class, callId);
    String closeTask = callId + ":close-all-positions";
    String reclaimTask = callId + ":reclaim-margin-plus-funds";
    awaitTask(workflow, closeTask);
    workflow.completeTask(new TaskCompletion(closeTask, "operator", null, null));
    awaitTask(workflow, reclaimTask);
    long effects = sideEffects(account);
    long notices = notifications(callId);
    long audits = audits(callId);

    client.newUntypedWorkflowStub(callId).terminate("simulated loss of the workflow");
    assertThat(reconcilePastTheStartGrace()).contains(callId);

    awaitTask(workflow, reclaimTask);
    assertThat(workflow.state(new StateQuery()).completedTaskIds()).contains(closeTask);
    assertThat(sideEffects(account)).isEqualTo(effects);
    assertThat(notifications(callId)).isEqualTo(notices);
    assertThat(audits(callId)).isEqualTo(audits);
    workflow.completeTask(new TaskCompletion(reclaimTask, "operator2", null, null));
    Poll.until(WAIT, "call liquidated", () -> "LIQUIDATED".equals(fixtures.callStatus(callId)));
    assertThat(
            fixtures.count("SELECT count(*) FROM operator_task WHERE margin_call_id = ?", callId))
        .isEqualTo(2);
  }

  private static void awaitTask(MarginCallWorkflow workflow, String taskId) {
    Poll.until(
        WAIT,
        "task " + taskId + " awaited",
        () -> {
          try {
            return taskId.equals(workflow.state(new StateQuery()).awaitedTaskId());
          } catch (RuntimeException e) {
            return false;
          }
        });
  }

  /** Right after a restart the client is still reconnecting; the scheduled run would retry too. */
  private java.util.List<String> reconcileWhenReachable() {
    try {
      return reconcilePastTheStartGrace();
    } catch (CallWorkflows.Unreachable e) {
      return java.util.List.of();
    }
  }

  private boolean timerStarted(String callId) {
    return client.fetchHistory(callId).getEvents().stream()
        .anyMatch(e -> e.getEventType() == EventType.EVENT_TYPE_TIMER_STARTED);
  }

  private String runId(String callId) {
    return client
        .fetchHistory(callId)
        .getEvents()
        .get(0)
        .getWorkflowExecutionStartedEventAttributes()
        .getOriginalExecutionRunId();
  }

  private long sideEffects(String account) {
    return fixtures.count("SELECT count(*) FROM sim_side_effect WHERE account_id = ?", account);
  }

  private long notifications(String callId) {
    return fixtures.count("SELECT count(*) FROM notification WHERE margin_call_id = ?", callId);
  }

  private long audits(String callId) {
    return fixtures.count("SELECT count(*) FROM audit_record WHERE margin_call_id = ?", callId);
  }
}
