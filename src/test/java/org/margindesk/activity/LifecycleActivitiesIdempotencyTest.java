package org.margindesk.activity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.margindesk.activity.OpeningFixtures.escalation;
import static org.margindesk.activity.OpeningFixtures.liquidatingOpening;
import static org.margindesk.activity.OpeningFixtures.liquidationStart;
import static org.margindesk.activity.OpeningFixtures.marginCallOpening;
import static org.margindesk.activity.OpeningFixtures.openedCall;

import io.quarkus.test.junit.QuarkusTest;
import io.temporal.failure.ApplicationFailure;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.margindesk.audit.AuditTrail;
import org.margindesk.domain.CallStatus;
import org.margindesk.domain.LiquidationStep;
import org.margindesk.domain.Restriction;
import org.margindesk.domain.TaskStatus;
import org.margindesk.gateway.AccountControls;
import org.margindesk.gateway.SimulatedExchange;
import org.margindesk.service.LifecycleFixtures;
import org.margindesk.workflow.messages.values.LifecycleFailure;

/** Activities run at least once: each side effect, run twice, has one effect. */
@QuarkusTest
class LifecycleActivitiesIdempotencyTest {
  @Inject LifecycleFixtures fixtures;
  @Inject SimulatedExchange exchange;
  @Inject ExchangeActivities exchangeActivities;
  @Inject CallRecordActivities records;
  @Inject NotificationActivities notifications;
  @Inject TaskActivities tasks;
  @Inject AuditTrail auditTrail;

  @Test
  void givenARestriction_whenRunTwice_thenOneEffectOneAuditAndTheSameResult() {
    String account = fixtures.facility(null);
    RestrictionCommand command =
        new RestrictionCommand(
            account + ":open:reduce-only-on",
            "call-x",
            account,
            Restriction.REDUCE_ONLY,
            true,
            "system");

    String first = exchangeActivities.restrict(command);
    String second = exchangeActivities.restrict(command);

    assertThat(second).isEqualTo(first);
    assertThat(exchange.restrictions(account)).isEqualTo(new AccountControls(true, true, true));
    assertThat(sideEffects(account)).isEqualTo(1);
    assertThat(
            fixtures.count(
                "SELECT count(*) FROM audit_record WHERE event_key = ?", command.idempotencyKey()))
        .isEqualTo(1);
  }

  @Test
  void givenTheSimulatedExchange_whenAnEffectIsAudited_thenTheRecordSaysItWasSimulated() {
    String account = fixtures.facility(null);
    RestrictionCommand command =
        new RestrictionCommand(
            account + ":open:withdrawals-off",
            "call-x",
            account,
            Restriction.WITHDRAWALS,
            false,
            "system");

    assertThat(exchangeActivities.restrict(command)).contains("\"simulated\": true");

    assertThat(
            fixtures.text(
                "SELECT details->>'simulated' FROM audit_record WHERE event_key = ?",
                command.idempotencyKey()))
        .isEqualTo("true");
  }

  @Test
  void givenOpenPositions_whenClosedTwice_thenEachPositionIsFilledOnce() {
    String account = fixtures.facility(null);
    exchange.openPosition(account, "BTCUSDT", new BigDecimal("1.5"), new BigDecimal("60000"));
    exchange.openPosition(account, "SOLUSDT", new BigDecimal("-40"), new BigDecimal("150"));
    ExchangeCommand command = new ExchangeCommand(account + ":close", "call-x", account, "system");

    String first = exchangeActivities.closeAllPositions(command);
    String second = exchangeActivities.closeAllPositions(command);

    assertThat(second).isEqualTo(first).contains("\"positionsClosed\": 2");
    assertThat(fixtures.count("SELECT count(*) FROM sim_fill WHERE account_id = ?", account))
        .isEqualTo(2);
    assertThat(
            fixtures.text(
                "SELECT SUM(quantity) FROM sim_fill WHERE account_id = ? AND symbol = 'SOLUSDT'",
                account))
        .isEqualTo("40.00000000");
    assertThat(
            fixtures.count(
                "SELECT count(*) FROM sim_position WHERE account_id = ? AND quantity <> 0",
                account))
        .isZero();
  }

  @Test
  void givenAFacility_whenMarginPlusIsReclaimedTwice_thenFundsMoveOnce() {
    String account = fixtures.facility(null);
    exchange.deposit(account + ":seed", account, "USDT", new BigDecimal("15000"));
    exchange.deposit(account + ":seed", account, "USDT", new BigDecimal("15000"));
    ExchangeCommand command =
        new ExchangeCommand(account + ":reclaim", "call-x", account, "system");

    exchangeActivities.reclaimMarginPlus(command);
    exchangeActivities.reclaimMarginPlus(command);

    assertThat(exchange.balance(account, "USDT")).isEqualByComparingTo("5000");
    assertThat(
            fixtures.count(
                "SELECT count(*) FROM sim_funds_ledger WHERE idempotency_key = ?",
                command.idempotencyKey()))
        .isEqualTo(2);
  }

  @Test
  void givenANotification_whenSentTwice_thenOneRowIsPending() {
    String account = fixtures.facility(null);
    NotificationRequest request =
        new NotificationRequest(
            account + ":notify:call-opened",
            NotificationType.CALL_OPENED,
            "call-x",
            account,
            Map.of("shortfallToMinTopUp", "500", "deadline", Instant.EPOCH.toString()));

    notifications.notify(request);
    notifications.notify(request);

    assertThat(
            fixtures.count(
                "SELECT count(*) FROM notification WHERE key = ? AND status = 'PENDING'",
                request.key()))
        .isEqualTo(1);
  }

  @Test
  void givenACallRow_whenProgressAndTasksRepeat_thenOneRowOneAuditEach() {
    String account = fixtures.facility(null);
    String callId = "margin-call-" + account + "-1";
    OpenedCall call =
        new OpenedCall(
            callId,
            account,
            1,
            CallStatus.OPEN,
            "MARGIN_CALL",
            List.of("reason"),
            Map.of("minTopUpRatio", "1.25"),
            Map.of(),
            Map.of(),
            0L,
            1000L);
    records.recordOpened(call);
    records.recordOpened(call);
    CallProgress escalate = escalation(callId, account);
    records.recordProgress(escalate);
    records.recordProgress(escalate);
    String taskId = callId + ":close-all-positions";
    TaskRequest task = new TaskRequest(taskId, callId, account, "CLOSE_ALL_POSITIONS");
    assertThat(tasks.openTask(task)).isEqualTo(TaskStatus.OPEN);
    assertThat(tasks.openTask(task)).isEqualTo(TaskStatus.OPEN);
    TaskDone done = new TaskDone(taskId, callId, account, "operator", "closed", "{\"fills\":2}");
    tasks.completeTask(done);
    tasks.completeTask(new TaskDone(taskId, callId, account, "operator2", "again", null));
    FacilityCancellation cancel = new FacilityCancellation(callId + ":cancel", callId, account);
    records.cancelFacility(cancel);
    records.cancelFacility(cancel);
    // The end of liquidation cancels again under its own key: already done, so not recorded again.
    records.cancelFacility(new FacilityCancellation(callId + ":end", callId, account));

    assertThat(fixtures.count("SELECT count(*) FROM margin_call WHERE id = ?", callId))
        .isEqualTo(1);
    assertThat(fixtures.callStatus(callId)).isEqualTo("LIQUIDATING");
    assertThat(fixtures.count("SELECT count(*) FROM audit_record WHERE margin_call_id = ?", callId))
        .as("escalation, task created, task completed, facility cancelled")
        .isEqualTo(4);
    assertThat(fixtures.text("SELECT completed_by FROM operator_task WHERE id = ?", taskId))
        .isEqualTo("operator");
    assertThat(tasks.openTask(task)).isEqualTo(TaskStatus.DONE);
    assertThat(fixtures.text("SELECT status FROM facility WHERE account_id = ?", account))
        .isEqualTo("CANCELLED");
  }

  @Test
  void givenAnOpening_whenRunTwice_thenOneRowOneNoticeOneRecordAndTheRestrictionsStillToSend() {
    String account = fixtures.facility(null);
    String callId = "margin-call-" + account + "-1";
    String reduceOnly = callId + ":open:reduce-only-on";
    String withdrawals = callId + ":open:withdrawals-off";
    // Reduce-only is on record already (ingestion restricted it); withdrawals are not.
    exchangeActivities.restrict(
        new RestrictionCommand(
            reduceOnly, callId, account, Restriction.REDUCE_ONLY, true, "system"));
    CallOpening opening = marginCallOpening(callId, account, List.of(reduceOnly, withdrawals));

    List<String> toSend = records.recordOpening(opening);
    List<String> toSendAgain = records.recordOpening(opening);
    // The repeat staged its record again without a lookup; the chainer drops that copy.
    auditTrail.awaitChained();

    assertThat(toSend).containsExactly(withdrawals);
    assertThat(toSendAgain).containsExactly(withdrawals);

    assertThat(fixtures.count("SELECT count(*) FROM margin_call WHERE id = ?", callId))
        .isEqualTo(1);
    assertThat(
            fixtures.text(
                "SELECT type || ':' || recipient FROM notification WHERE margin_call_id = ?",
                callId))
        .isEqualTo("CALL_OPENED:ACCOUNT_HOLDER");
    assertThat(openedRecords(callId)).isEqualTo(1);
  }

  @Test
  void
      givenAnOpeningThatStartsLiquidation_whenRecordedTwice_thenItsRecordsFollowTheOpeningOnceEach() {
    String account = fixtures.facility(null);
    String callId = "margin-call-" + account + "-1";
    CallOpening opening =
        liquidatingOpening(callId, account, List.of(), liquidationStart(callId, account));

    records.recordOpening(opening);
    records.recordOpening(opening);
    auditTrail.awaitChained();

    assertThat(fixtures.callStatus(callId)).isEqualTo("LIQUIDATING");
    // No CALL_OPENED notice: a call that opens liquidating gives no grace period to announce.
    assertThat(
            fixtures.text(
                "SELECT string_agg(type, ',') FROM notification WHERE margin_call_id = ?", callId))
        .isEqualTo("LIQUIDATION_STARTED");
    assertThat(
            fixtures.text(
                "SELECT string_agg(action, ',' ORDER BY seq) FROM audit_record"
                    + " WHERE margin_call_id = ?",
                callId))
        .isEqualTo("CALL_OPENED,CALL_ESCALATED_DEADLINE_EXPIRED,LIQUIDATION_STEP_STARTED");
  }

  @Test
  void
      givenLiquidationsStart_whenRecordedTwice_thenTheCallMovesOnceWithOneRecordEachAndOneNotice() {
    String account = fixtures.facility(null);
    String callId = "margin-call-" + account + "-1";
    records.recordOpened(openedCall(callId, account, CallStatus.OPEN));
    String firstStep = LiquidationStep.DISABLE_TRADING_AND_WITHDRAWALS.name();
    CallChanges start = liquidationStart(callId, account);

    records.recordChanges(start);
    records.recordChanges(start);
    auditTrail.awaitChained();

    assertThat(fixtures.callStatus(callId)).isEqualTo("LIQUIDATING");
    assertThat(fixtures.text("SELECT current_step FROM margin_call WHERE id = ?", callId))
        .isEqualTo(firstStep);
    assertThat(
            fixtures.text(
                "SELECT string_agg(action, ',' ORDER BY seq) FROM audit_record"
                    + " WHERE margin_call_id = ?",
                callId))
        .isEqualTo("CALL_ESCALATED_DEADLINE_EXPIRED,LIQUIDATION_STEP_STARTED");
    assertThat(
            fixtures.count(
                "SELECT count(*) FROM notification WHERE margin_call_id = ? AND type = ?",
                callId,
                "LIQUIDATION_STARTED"))
        .isEqualTo(1);
  }

  @Test
  void givenMalformedEvidence_whenCompletingATask_thenAFailureThatIsNotRetried() {
    String account = fixtures.facility(null);
    String callId = "margin-call-" + account + "-1";
    records.recordOpened(
        new OpenedCall(
            callId,
            account,
            1,
            CallStatus.LIQUIDATING,
            "LIQUIDATION",
            List.of(),
            Map.of(),
            Map.of(),
            Map.of(),
            0L,
            0L));
    String taskId = callId + ":reclaim-margin-plus-funds";
    tasks.openTask(new TaskRequest(taskId, callId, account, "RECLAIM_MARGIN_PLUS_FUNDS"));

    assertThatThrownBy(
            () ->
                tasks.completeTask(
                    new TaskDone(taskId, callId, account, "operator", null, "{oops")))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(LifecycleFailure.INVALID_INPUT.name());
              assertThat(f.isNonRetryable()).isTrue();
            });
    assertThat(fixtures.text("SELECT status FROM operator_task WHERE id = ?", taskId))
        .isEqualTo("OPEN");
  }

  private long openedRecords(String callId) {
    return fixtures.count(
        "SELECT count(*) FROM audit_record WHERE margin_call_id = ? AND action = ?",
        callId,
        "CALL_OPENED");
  }

  private long sideEffects(String account) {
    return fixtures.count("SELECT count(*) FROM sim_side_effect WHERE account_id = ?", account);
  }
}
