package org.margindesk.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.temporal.client.WorkflowClient;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.margindesk.activity.ExchangeActivitiesImpl;
import org.margindesk.domain.LiquidationStep;
import org.margindesk.domain.StepMode;
import org.margindesk.gateway.AccountControls;
import org.margindesk.gateway.SimulatedExchange;
import org.margindesk.persistence.FacilityEntity;
import org.margindesk.workflow.MarginCallWorkflow;
import org.margindesk.workflow.messages.commands.CallInput;
import org.margindesk.workflow.messages.commands.TaskCompletion;
import org.margindesk.workflow.messages.queries.StateQuery;

/**
 * The lifecycle end to end: the port as ingestion calls it, the workflow on the embedded Temporal
 * server, and the effects in PostgreSQL (simulated exchange, read model, notifications, audit).
 * When the REST ingestion and task APIs land, the port and update calls become HTTP requests.
 */
@QuarkusTest
class MarginCallLifecycleEndToEndTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final AccountControls RESTRICTED = new AccountControls(true, false, true);

  @Inject LifecycleFixtures fixtures;
  @Inject MarginCallLifecycle lifecycle;
  @Inject SimulatedExchange exchange;
  @Inject WorkflowClient client;
  @Inject CallInputs inputs;
  @Inject CallWorkflows starter;

  @Test
  void givenABreach_whenTheAccountRecovers_thenTheCallOpensRestrictsAndIsCured() {
    String account = fixtures.facility(null);

    String callId = fixtures.snapshot(account, "12000").orElseThrow();

    assertThat(callId).isEqualTo("margin-call-" + account + "-1");
    assertThat(QuarkusTransaction.requiringNew().call(() -> lifecycle.openMarginCallId(account)))
        .contains(callId);
    Poll.until(WAIT, "account restricted", () -> exchange.restrictions(account).equals(RESTRICTED));
    Poll.until(WAIT, "call opened notice", () -> notifications(callId, "CALL_OPENED") == 1);
    assertThat(
            fixtures.text(
                "SELECT figures->>'shortfallToMinTopUp' FROM notification WHERE"
                    + " margin_call_id = ? AND type = 'CALL_OPENED'",
                callId))
        .isEqualTo("500");
    assertThat(
            fixtures.text(
                "SELECT concat_ws('|', figures->>'collateralBalance', figures->>'minTopUpBalance',"
                    + " figures->>'terminationBalance', figures->>'mmrMarginCall',"
                    + " figures->>'mmrLiquidation', figures->>'deadline' IS NOT NULL)"
                    + " FROM notification WHERE margin_call_id = ? AND type = 'CALL_OPENED'",
                callId))
        .as("CAB, both thresholds, the MMR limits and the deadline, as decimal strings")
        .isEqualTo("12000|12500|11000|10|5|t");
    assertThat(fixtures.snapshot(account, "12100"))
        .as("a second breach joins the open call")
        .contains(callId);

    fixtures.snapshot(account, "13000");

    Poll.until(WAIT, "call cured", () -> "CURED".equals(fixtures.callStatus(callId)));
    assertThat(exchange.restrictions(account)).isEqualTo(AccountControls.UNRESTRICTED);
    assertThat(notifications(callId, "CALL_CURED")).isEqualTo(1);
    assertThat(fixtures.text("SELECT closed_at IS NOT NULL FROM margin_call WHERE id = ?", callId))
        .isEqualTo("t");
    assertThat(
            fixtures.count(
                "SELECT count(*) FROM audit_record WHERE margin_call_id = ? AND action"
                    + " IN ('CALL_OPENED', 'CALL_CURED')",
                callId))
        .isEqualTo(2);
    assertThat(QuarkusTransaction.requiringNew().call(() -> lifecycle.openMarginCallId(account)))
        .isEmpty();
  }

  @Test
  void givenAShortWindow_whenNoCureArrives_thenItLiquidatesWaitingForOperatorTasks()
      throws Exception {
    String account = fixtures.facility("PT3S");
    String callId = fixtures.snapshot(account, "12000").orElseThrow();
    MarginCallWorkflow workflow = client.newWorkflowStub(MarginCallWorkflow.class, callId);

    for (LiquidationStep step :
        new LiquidationStep[] {
          LiquidationStep.CLOSE_ALL_POSITIONS, LiquidationStep.RECLAIM_MARGIN_PLUS_FUNDS
        }) {
      String taskId = callId + ":" + step.kebab();
      Poll.until(
          WAIT,
          "task " + taskId + " awaited",
          () -> taskId.equals(workflow.state(new StateQuery()).awaitedTaskId()));
      assertThat(fixtures.callStatus(callId)).isEqualTo("LIQUIDATING");
      assertThat(fixtures.text("SELECT current_step FROM margin_call WHERE id = ?", callId))
          .isEqualTo(step.name());
      workflow.completeTask(new TaskCompletion(taskId, "operator", "done on the exchange", null));
    }

    Poll.until(WAIT, "call liquidated", () -> "LIQUIDATED".equals(fixtures.callStatus(callId)));
    assertThat(
            fixtures.count(
                "SELECT count(*) FROM operator_task WHERE margin_call_id = ? AND"
                    + " status = 'DONE' AND completed_by = 'operator'",
                callId))
        .isEqualTo(2);
    assertThat(facilityStatus(account)).isEqualTo(FacilityEntity.CANCELLED);
    assertThat(exchange.restrictions(account)).isEqualTo(AccountControls.UNRESTRICTED);
    assertThat(
            fixtures.text(
                "SELECT actor FROM audit_record WHERE margin_call_id = ? AND action ="
                    + " 'CALL_ESCALATED_DEADLINE_EXPIRED'",
                callId))
        .isEqualTo("system");
    // The holder is told after the status changes, so wait for the workflow to finish.
    client
        .newUntypedWorkflowStub(callId)
        .getResult(30, java.util.concurrent.TimeUnit.SECONDS, Object.class);
    assertThat(notifications(callId, "LIQUIDATION_COMPLETED")).isEqualTo(1);
  }

  @Test
  void givenAutomaticSteps_whenLiquidating_thenPositionsCloseAndMarginPlusFundsMove() {
    String account = fixtures.facility("PT1S");
    exchange.deposit("seed-" + account, account, "USDT", new BigDecimal("11000"));
    exchange.openPosition(account, "BTCUSDT", new BigDecimal("0.5"), new BigDecimal("60000"));
    exchange.openPosition(account, "ETHUSDT", new BigDecimal("-2"), new BigDecimal("3000"));
    CallInput input =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  FacilityEntity facility = FacilityEntity.findById(account);
                  facility.lastCallNumber = 1;
                  return inputs.forNewCall(
                      facility, fixtures.change(account, "10500"), 1, Instant.now());
                });
    Map<LiquidationStep, StepMode> automatic = new EnumMap<>(LiquidationStep.class);
    for (LiquidationStep step : LiquidationStep.values()) {
      automatic.put(step, StepMode.AUTOMATIC);
    }

    starter.start(
        new CallInput(
            input.callId(),
            input.accountId(),
            input.callNumber(),
            input.openingAssessment(),
            input.triggerReasons(),
            input.policy(),
            input.figures(),
            input.openedAtMillis(),
            input.deadlineMillis(),
            input.reminderOffsetsMillis(),
            automatic,
            null));

    Poll.until(
        WAIT, "call liquidated", () -> "LIQUIDATED".equals(fixtures.callStatus(input.callId())));
    assertThat(
            fixtures.count(
                "SELECT count(*) FROM sim_position WHERE account_id = ? AND quantity" + " <> 0",
                account))
        .isZero();
    assertThat(fixtures.count("SELECT count(*) FROM sim_fill WHERE account_id = ?", account))
        .isEqualTo(2);
    assertThat(exchange.balance(account, "USDT")).isEqualByComparingTo("1000");
    assertThat(exchange.restrictions(account)).isEqualTo(AccountControls.UNRESTRICTED);
    assertThat(facilityStatus(account)).isEqualTo(FacilityEntity.CANCELLED);
    assertThat(
            fixtures.count(
                "SELECT count(*) FROM audit_record WHERE margin_call_id = ? AND action"
                    + " = 'MARGIN_PLUS_RECLAIMED'",
                input.callId()))
        .isEqualTo(1);
    assertThat(ExchangeActivitiesImpl.MARGIN_PLUS_BOOK).isNotBlank();
  }

  @Test
  void givenAHealthyAccountOrNoFacility_whenAssessed_thenNoCallOpens() {
    String account = fixtures.facility(null);

    assertThat(fixtures.snapshot(account, "20000")).isEmpty();
    assertThat(fixtures.snapshot("acc-without-facility", "100")).isEmpty();
    assertThat(
            fixtures.count(
                "SELECT count(*) FROM margin_call WHERE account_id IN (?, ?)",
                account,
                "acc-without-facility"))
        .isZero();
  }

  private long notifications(String callId, String type) {
    return fixtures.count(
        "SELECT count(*) FROM notification WHERE margin_call_id = ? AND type = ?", callId, type);
  }

  private String facilityStatus(String account) {
    return fixtures.text("SELECT status FROM facility WHERE account_id = ?", account);
  }
}
