package org.margindesk.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.margindesk.api.task.TaskFixtures.act;
import static org.margindesk.api.task.TaskFixtures.task;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.margindesk.activity.TaskActivities;
import org.margindesk.activity.TaskDone;
import org.margindesk.api.task.TaskFixtures;
import org.margindesk.config.TestClock;
import org.margindesk.domain.LiquidationStep;

/**
 * Overdue tasks escalate one level per SLA period, each level audited and noticed once, with the
 * service's clock moved forward instead of waiting (the scheduled run is an hour apart in tests).
 */
@QuarkusTest
class TaskSlaCheckerTest {
  private static final Duration SLA = Duration.ofMinutes(30);
  private static final String CLOSE = LiquidationStep.CLOSE_ALL_POSITIONS.name();
  private static final String RECLAIM = LiquidationStep.RECLAIM_MARGIN_PLUS_FUNDS.name();

  @Inject TaskSlaChecker checker;
  @Inject TestClock clock;
  @Inject TaskFixtures fixtures;
  @Inject TaskActivities activities;
  @Inject AgroalDataSource dataSource;
  @Inject MeterRegistry registry;

  @AfterEach
  void cleanUp() {
    clock.reset();
    fixtures.endCallsWithoutWorkflow();
  }

  @Test
  void givenAnOpenTask_whenSlaPeriodsPass_thenEachLevelIsAuditedAndNoticedOnce() {
    String callId = fixtures.callWithoutWorkflow();
    String close = fixtures.openTask(callId, LiquidationStep.CLOSE_ALL_POSITIONS);

    clock.advance(SLA.minusMinutes(1));
    assertThat(checker.check()).extracting(TaskSlaChecker.Escalation::taskId).doesNotContain(close);

    clock.advance(Duration.ofMinutes(2));
    double breachesBefore = breaches();
    List<TaskSlaChecker.Escalation> escalated = checker.check();
    assertThat(escalated).contains(new TaskSlaChecker.Escalation(close, CLOSE, 1));
    assertThat(breaches() - breachesBefore)
        .as("counted once per escalation")
        .isEqualTo(escalated.stream().filter(e -> e.type().equals(CLOSE)).count());
    assertThat(checker.check())
        .as("a second run in the same period")
        .extracting(TaskSlaChecker.Escalation::taskId)
        .doesNotContain(close);
    assertThat(overdueAudits(close)).isEqualTo(1);
    assertThat(notices(close)).isEqualTo(1);
    assertThat(
            fixtures.text(
                "SELECT recipient || ' ' || (figures->>'taskId') || ' ' ||"
                    + " (figures->>'escalationLevel') || ' ' || (figures->>'taskType') || ' ' ||"
                    + " coalesce(figures->>'assignee', '-') || ' ' || margin_call_id FROM"
                    + " notification WHERE key = ?",
                "task:" + close + ":overdue:1"))
        .isEqualTo("SUPERVISORS " + close + " 1 CLOSE_ALL_POSITIONS - " + callId);
    task("operator", close).body("escalationLevel", Matchers.equalTo(1));

    // Escalation does not stand in the way: the task can still be claimed.
    act("operator", close, "claim").statusCode(200);
    clock.advance(SLA);
    assertThat(checker.check()).contains(new TaskSlaChecker.Escalation(close, CLOSE, 2));
    assertThat(checker.check()).extracting(TaskSlaChecker.Escalation::taskId).doesNotContain(close);
    assertThat(overdueAudits(close)).isEqualTo(2);
    assertThat(notices(close)).isEqualTo(2);
    assertThat(
            fixtures.text(
                "SELECT figures->>'assignee' FROM notification WHERE key = ?",
                "task:" + close + ":overdue:2"))
        .isEqualTo("operator");
    assertThat(
            fixtures.text(
                "SELECT actor || ' ' || reason FROM audit_record WHERE event_key = ?",
                close + ":overdue:2"))
        .startsWith("system not done since ")
        .contains("escalation level 2");
  }

  @Test
  void
      givenTasksDoneAwaitingApprovalOrOfAnEndedCall_whenOverdue_thenOnlyLiveUnfinishedOnesEscalate()
          throws Exception {
    String endedCall = fixtures.callWithoutWorkflow();
    String leftBehind = fixtures.openTask(endedCall, LiquidationStep.CLOSE_ALL_POSITIONS);
    try (Connection connection = dataSource.getConnection();
        PreparedStatement end =
            connection.prepareStatement(
                "UPDATE margin_call SET status = 'WAIVED', closed_at = now() WHERE id = ?")) {
      end.setString(1, endedCall);
      end.executeUpdate();
    }
    String callId = fixtures.callWithoutWorkflow();
    String close = fixtures.openTask(callId, LiquidationStep.CLOSE_ALL_POSITIONS);
    String reclaim = fixtures.openTask(callId, LiquidationStep.RECLAIM_MARGIN_PLUS_FUNDS);
    String account = fixtures.text("SELECT account_id FROM margin_call WHERE id = ?", callId);
    activities.completeTask(new TaskDone(close, callId, account, "operator", "closed", null));
    act("operator", reclaim, "claim").statusCode(200);
    act("operator", reclaim, "complete").statusCode(200);

    clock.advance(SLA.multipliedBy(3).plusMinutes(1));
    var escalations = checker.check();

    assertThat(escalations).contains(new TaskSlaChecker.Escalation(reclaim, RECLAIM, 3));
    assertThat(escalations)
        .extracting(TaskSlaChecker.Escalation::taskId)
        .doesNotContain(close, leftBehind);
    assertThat(overdueAudits(close)).isZero();
    assertThat(notices(close)).isZero();
    assertThat(overdueAudits(reclaim))
        .as("a level reached while the check was not running is recorded once, as that level")
        .isEqualTo(1);
    task("operator", reclaim)
        .body("status", Matchers.equalTo("AWAITING_APPROVAL"))
        .body("escalationLevel", Matchers.equalTo(3));
  }

  @Test
  void givenATaskBeingCompletedRightNow_whenChecked_thenItIsSkippedNotWaitedFor() throws Exception {
    String close =
        fixtures.openTask(fixtures.callWithoutWorkflow(), LiquidationStep.CLOSE_ALL_POSITIONS);
    clock.advance(SLA.plusMinutes(1));

    try (Connection holder = dataSource.getConnection()) {
      holder.setAutoCommit(false);
      try (PreparedStatement lock =
          holder.prepareStatement("SELECT id FROM operator_task WHERE id = ? FOR UPDATE")) {
        lock.setString(1, close);
        lock.executeQuery().close();
      }
      long started = System.nanoTime();
      assertThat(checker.check())
          .extracting(TaskSlaChecker.Escalation::taskId)
          .doesNotContain(close);
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
      holder.rollback();
    }

    assertThat(checker.check()).contains(new TaskSlaChecker.Escalation(close, CLOSE, 1));
  }

  private double breaches() {
    var counter = registry.find("margindesk.tasks.sla.breaches").tag("type", CLOSE).counter();
    return counter == null ? 0 : counter.count();
  }

  private long overdueAudits(String taskId) {
    return fixtures.audits(taskId, "TASK_OVERDUE");
  }

  private long notices(String taskId) {
    return fixtures.count(
        "SELECT count(*) FROM notification WHERE type = 'TASK_OVERDUE' AND figures->>'taskId' = ?",
        taskId);
  }
}
