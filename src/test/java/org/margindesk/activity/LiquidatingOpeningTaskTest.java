package org.margindesk.activity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.margindesk.activity.OpeningFixtures.closeTask;
import static org.margindesk.activity.OpeningFixtures.liquidatingOpening;
import static org.margindesk.activity.OpeningFixtures.liquidationStart;

import io.quarkus.test.junit.QuarkusTest;
import io.temporal.failure.ApplicationFailure;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.margindesk.audit.AuditTrail;
import org.margindesk.domain.Restriction;
import org.margindesk.domain.TaskStatus;
import org.margindesk.service.LifecycleFixtures;
import org.margindesk.workflow.messages.values.LifecycleFailure;

/**
 * A call liquidated at once, whose first step ingestion took, has its opening, liquidation's first
 * records and the next step's operator task written by one activity, once however often it runs.
 */
@QuarkusTest
class LiquidatingOpeningTaskTest {
  @Inject LifecycleFixtures fixtures;
  @Inject ExchangeActivities exchange;
  @Inject CallRecordActivities records;
  @Inject CallRecordActivitiesImpl openings;
  @Inject AuditTrail auditTrail;

  @Test
  void givenEveryRestrictionOnRecord_whenRecordedTwice_thenTheNextStepsTaskOpensOnceAfterIt() {
    String account = fixtures.facility(null);
    String callId = "margin-call-" + account + "-1";
    List<String> keys = onRecord(callId, account);
    CallOpening opening =
        liquidatingOpening(callId, account, keys, liquidationStart(callId, account))
            .openingTask(closeTask(callId, account));

    LiquidatingOpened first = records.recordLiquidatingOpening(opening);
    LiquidatingOpened again = records.recordLiquidatingOpening(opening);
    auditTrail.awaitChained();

    assertThat(first).isEqualTo(new LiquidatingOpened(List.of(), TaskStatus.OPEN));
    assertThat(again).isEqualTo(first);
    assertThat(fixtures.callStatus(callId)).isEqualTo("LIQUIDATING");
    assertThat(fixtures.text("SELECT current_step FROM margin_call WHERE id = ?", callId))
        .isEqualTo("CLOSE_ALL_POSITIONS");
    assertThat(
            fixtures.text(
                "SELECT string_agg(type || ':' || status, ',') FROM operator_task"
                    + " WHERE margin_call_id = ?",
                callId))
        .isEqualTo("CLOSE_ALL_POSITIONS:OPEN");
    // The trail reads as if each had been written on its own, in liquidation's order.
    assertThat(actions(callId))
        .isEqualTo(
            "CALL_OPENED,CALL_ESCALATED_DEADLINE_EXPIRED,LIQUIDATION_STEP_STARTED,"
                + "LIQUIDATION_STEP_STARTED,TASK_CREATED");
    assertThat(
            fixtures.count(
                "SELECT count(*) FROM notification WHERE margin_call_id = ? AND type = ?",
                callId,
                "LIQUIDATION_STARTED"))
        .isEqualTo(1);
  }

  @Test
  void givenARestrictionNotOnRecord_whenRecorded_thenNoTaskOpensAndTheKeyIsStillToSend() {
    String account = fixtures.facility(null);
    String callId = "margin-call-" + account + "-1";
    List<String> keys = onRecord(callId, account);
    String withdrawalsOff = callId + ":liquidation:disable-trading-and-withdrawals:withdrawals-off";
    List<String> lookedUp = new ArrayList<>(keys);
    lookedUp.add(withdrawalsOff);
    CallOpening opening =
        liquidatingOpening(callId, account, lookedUp, liquidationStart(callId, account))
            .openingTask(closeTask(callId, account));

    LiquidatingOpened written = records.recordLiquidatingOpening(opening);
    auditTrail.awaitChained();

    // The first step still has a restriction to send: its task waits for the step to run.
    assertThat(written).isEqualTo(new LiquidatingOpened(List.of(withdrawalsOff), null));
    assertThat(
            fixtures.count("SELECT count(*) FROM operator_task WHERE margin_call_id = ?", callId))
        .isZero();
    assertThat(fixtures.text("SELECT current_step FROM margin_call WHERE id = ?", callId))
        .isEqualTo("DISABLE_TRADING_AND_WITHDRAWALS");
    assertThat(actions(callId))
        .isEqualTo("CALL_OPENED,CALL_ESCALATED_DEADLINE_EXPIRED,LIQUIDATION_STEP_STARTED");
  }

  @Test
  void
      givenAnOpeningWithoutLiquidationsFirstRecords_whenRecordedAsLiquidating_thenRefusedForGood() {
    String account = fixtures.facility(null);
    String callId = "margin-call-" + account + "-1";
    CallOpening opening =
        liquidatingOpening(callId, account, List.of(), null)
            .openingTask(closeTask(callId, account));

    assertThatThrownBy(() -> records.recordLiquidatingOpening(opening))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure -> {
              assertThat(failure.getType()).isEqualTo(LifecycleFailure.INVALID_INPUT.name());
              assertThat(failure.isNonRetryable()).isTrue();
            });
    assertThat(fixtures.count("SELECT count(*) FROM margin_call WHERE id = ?", callId)).isZero();
  }

  @Test
  void
      givenLiquidatingOpeningsWrittenAsOneGroup_whenWrittenTwice_thenEachTaskOpensOnceInItsOrder() {
    List<CallOpening> group = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String account = fixtures.facility(null);
      String callId = "margin-call-" + account + "-1";
      CallOpening opening =
          liquidatingOpening(
                  callId, account, onRecord(callId, account), liquidationStart(callId, account))
              .openingTask(closeTask(callId, account));
      // The call's row is there, as ingestion wrote it: the group locks it.
      records.recordOpened(opening.call());
      group.add(opening);
    }
    // The last one's task is there already, completed by an operator while no workflow ran.
    TaskRequest done = group.get(2).nextStepTask();
    fixtures.execute(
        "INSERT INTO operator_task (id, margin_call_id, account_id, type, status, created_at,"
            + " due_at, completed_by, completed_at) VALUES (?, ?, ?, ?, 'DONE', now(),"
            + " now() + interval '1 hour', 'operator-1', now())",
        done.taskId(),
        done.callId(),
        done.accountId(),
        done.type());

    List<CallRecordActivitiesImpl.Opened> first = openings.writeOpenings(group);
    List<CallRecordActivitiesImpl.Opened> again = openings.writeOpenings(group);
    auditTrail.awaitChained();

    assertThat(first)
        .extracting(CallRecordActivitiesImpl.Opened::nextStepTask)
        .containsExactly(TaskStatus.OPEN, TaskStatus.OPEN, TaskStatus.DONE);
    assertThat(again).isEqualTo(first);
    for (CallOpening opening : group) {
      String callId = opening.call().callId();
      assertThat(
              fixtures.count("SELECT count(*) FROM operator_task WHERE margin_call_id = ?", callId))
          .isEqualTo(1);
      assertThat(actions(callId))
          .as(callId)
          .isEqualTo(
              "CALL_OPENED,CALL_ESCALATED_DEADLINE_EXPIRED,LIQUIDATION_STEP_STARTED,"
                  + "LIQUIDATION_STEP_STARTED,TASK_CREATED");
      // The record tells the due time the row keeps.
      assertThat(
              fixtures.text(
                  "SELECT string_agg(CAST(CAST(r.details ->> 'dueAt' AS timestamptz) = t.due_at"
                      + " AS text), ',') FROM audit_record r JOIN operator_task t ON t.id ="
                      + " r.task_id WHERE r.margin_call_id = ? AND r.action = 'TASK_CREATED'",
                  callId))
          .isEqualTo("true");
    }
  }

  /** The opening's restrictions and the first step's, taken by ingestion: their keys. */
  private List<String> onRecord(String callId, String account) {
    List<RestrictionCommand> commands =
        List.of(
            command(
                callId + ":open:reduce-only-on", callId, account, Restriction.REDUCE_ONLY, true),
            command(
                callId + ":open:withdrawals-off", callId, account, Restriction.WITHDRAWALS, false),
            command(
                callId + ":liquidation:disable-trading-and-withdrawals:trading-off",
                callId,
                account,
                Restriction.TRADING,
                false));
    commands.forEach(exchange::restrict);
    return commands.stream().map(RestrictionCommand::idempotencyKey).toList();
  }

  private static RestrictionCommand command(
      String key, String callId, String account, Restriction what, boolean enabled) {
    return new RestrictionCommand(key, callId, account, what, enabled, "system");
  }

  /** The call's records in the trail's order, but for ingestion's restrictions (set up above). */
  private String actions(String callId) {
    return fixtures.text(
        "SELECT string_agg(action, ',' ORDER BY seq) FROM audit_record WHERE margin_call_id = ?"
            + " AND action NOT IN ('REDUCE_ONLY_ON', 'WITHDRAWALS_OFF', 'TRADING_OFF')",
        callId);
  }
}
