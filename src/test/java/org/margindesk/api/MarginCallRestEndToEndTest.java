package org.margindesk.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.temporal.client.WorkflowClient;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.margindesk.audit.AuditTimeline;
import org.margindesk.audit.TimelineEntry;
import org.margindesk.domain.LiquidationStep;
import org.margindesk.gateway.SimulatedExchange;
import org.margindesk.service.LifecycleFixtures;
import org.margindesk.service.Poll;
import org.margindesk.workflow.MarginCallWorkflow;
import org.margindesk.workflow.messages.commands.TaskCompletion;
import org.margindesk.workflow.messages.queries.StateQuery;

/**
 * The product end to end over HTTP: a facility is registered, the feed reports a breach, the
 * account is restricted, and the call is either cured by a top-up or liquidated when its window
 * expires. Manual liquidation steps are completed through the workflow update that the task API
 * calls.
 */
@QuarkusTest
class MarginCallRestEndToEndTest {
  private static final Duration WAIT = Duration.ofSeconds(40);

  @Inject LifecycleFixtures fixtures;
  @Inject SimulatedExchange exchange;
  @Inject WorkflowClient client;
  @Inject AuditTimeline audit;

  @Test
  void givenABreachSnapshot_whenATopUpArrives_thenTheCallIsCuredAndTheRestrictionsLifted() {
    String account = "rest-cure-" + UUID.randomUUID();
    registerFacility(account);

    String callId =
        snapshot(account, "2026-11-22T10:00:00Z", "12000")
            .statusCode(202)
            .body("assessment", equalTo("MARGIN_CALL"))
            .extract()
            .path("marginCallId");

    assertThat(callId).isEqualTo("margin-call-" + account + "-1");
    Poll.until(WAIT, "reduce-only and withdrawals off", () -> restricted(account));
    account(account)
        .body("openMarginCallId", equalTo(callId))
        .body("restrictions.tradingEnabled", equalTo(true));

    snapshot(account, "2026-11-22T10:05:00Z", "12600")
        .statusCode(202)
        .body("assessment", equalTo("HEALTHY"));

    Poll.until(WAIT, "call cured", () -> "CURED".equals(fixtures.callStatus(callId)));
    account(account)
        .body("openMarginCallId", equalTo(null))
        .body("restrictions.reduceOnly", equalTo(false))
        .body("restrictions.withdrawalsEnabled", equalTo(true))
        .body("latestRisk.assessment", equalTo("HEALTHY"));
  }

  @Test
  void givenAShortWindow_whenNoTopUpArrives_thenItIsLiquidatedAndTheGatewayShowsEachStep()
      throws Exception {
    String account = "rest-liq-" + UUID.randomUUID();
    registerFacility(account);
    // The API allows a window of one minute at least; the row takes two seconds so the test does
    // not wait for the deadline.
    fixtures.execute(
        "UPDATE facility SET remediation_window = 'PT2S' WHERE account_id = ?", account);
    exchange.deposit("seed-" + account, account, "USDT", new BigDecimal("11500"));
    exchange.openPosition(account, "BTCUSDT", new BigDecimal("0.5"), new BigDecimal("60000"));

    String callId =
        snapshot(account, "2026-11-22T11:00:00Z", "11500")
            .statusCode(202)
            .extract()
            .path("marginCallId");
    MarginCallWorkflow workflow = client.newWorkflowStub(MarginCallWorkflow.class, callId);

    for (LiquidationStep step :
        new LiquidationStep[] {
          LiquidationStep.CLOSE_ALL_POSITIONS, LiquidationStep.RECLAIM_MARGIN_PLUS_FUNDS
        }) {
      String taskId = callId + ":" + step.kebab();
      Poll.until(
          WAIT,
          step + " awaited",
          () -> taskId.equals(workflow.state(new StateQuery()).awaitedTaskId()));
      if (step == LiquidationStep.CLOSE_ALL_POSITIONS) {
        // Step 1 is automatic: trading and withdrawals are off while people work.
        account(account)
            .body("restrictions.tradingEnabled", equalTo(false))
            .body("restrictions.withdrawalsEnabled", equalTo(false));
      }
      workflow.completeTask(new TaskCompletion(taskId, "operator", "done on the exchange", null));
    }
    client.newUntypedWorkflowStub(callId).getResult(40, TimeUnit.SECONDS, Object.class);

    assertThat(fixtures.callStatus(callId)).isEqualTo("LIQUIDATED");
    account(account)
        .body("facility.status", equalTo("CANCELLED"))
        .body("openMarginCallId", equalTo(null))
        .body("restrictions.reduceOnly", equalTo(false))
        .body("restrictions.withdrawalsEnabled", equalTo(true))
        .body("restrictions.tradingEnabled", equalTo(true));
    // The automatic steps' effects, each exactly once, in the simulated exchange's log; the two
    // manual steps were done by people, so the gateway closed nothing and moved nothing.
    for (String effect : new String[] {"REDUCE_ONLY_ON", "TRADING_OFF", "TRADING_ON"}) {
      assertThat(effects(account, callId, effect)).as(effect).isEqualTo(1);
    }
    assertThat(effects(account, callId, "CLOSE_ALL_POSITIONS")).isZero();
    assertThat(effects(account, callId, "MOVE_FUNDS")).isZero();

    // The call's timeline, built from the audit trail, tells the whole story with the right actors.
    List<TimelineEntry> timeline = audit.forMarginCall(callId);
    assertThat(timeline)
        .extracting(TimelineEntry::action, TimelineEntry::actor)
        .containsSubsequence(
            tuple("CALL_OPENED", "system"),
            tuple("CALL_ESCALATED_DEADLINE_EXPIRED", "system"),
            tuple("LIQUIDATION_STEP_STARTED", "system"),
            tuple("TRADING_OFF", "system"),
            tuple("LIQUIDATION_STEP_STARTED", "system"),
            tuple("TASK_CREATED", "system"),
            tuple("TASK_COMPLETED", "operator"),
            tuple("LIQUIDATION_STEP_STARTED", "system"),
            tuple("TASK_CREATED", "system"),
            tuple("TASK_COMPLETED", "operator"),
            tuple("LIQUIDATION_STEP_STARTED", "system"),
            tuple("FACILITY_CANCELLED", "system"),
            tuple("LIQUIDATION_STEP_STARTED", "system"),
            tuple("TRADING_ON", "system"),
            tuple("CALL_LIQUIDATED", "system"));
    assertThat(timeline)
        .filteredOn(entry -> entry.action().equals("LIQUIDATION_STEP_STARTED"))
        .extracting(TimelineEntry::reason)
        .containsExactly(
            "1 DISABLE_TRADING_AND_WITHDRAWALS",
            "2 CLOSE_ALL_POSITIONS",
            "3 RECLAIM_MARGIN_PLUS_FUNDS",
            "4 CANCEL_MARGIN_PLUS",
            "5 RESTORE_ACCOUNT_CONTROL");
  }

  private long effects(String account, String callId, String effect) {
    return fixtures.count(
        "SELECT count(*) FROM sim_side_effect WHERE account_id = ? AND effect = ? AND"
            + " idempotency_key LIKE ?",
        account,
        effect,
        callId + "%");
  }

  private static void registerFacility(String account) {
    given()
        .auth()
        .preemptive()
        .basic("supervisor", "supervisor")
        .contentType(ContentType.JSON)
        .body(
            "{\"marginPlusAmount\":\"10000.00\",\"asset\":\"USDT\",\"exchangeAlias\":\""
                + account
                + "\"}")
        .put("/api/v1/accounts/" + account + "/facility")
        .then()
        .statusCode(201);
  }

  private static ValidatableResponse snapshot(String account, String asOf, String cab) {
    return given()
        .auth()
        .preemptive()
        .basic("feed", "feed")
        .contentType(ContentType.JSON)
        .body(
            "{\"eventId\":\""
                + UUID.randomUUID()
                + "\",\"accountId\":\""
                + account
                + "\",\"asOf\":\""
                + asOf
                + "\",\"collateralBalance\":\""
                + cab
                + "\",\"maintenanceMarginRatio\":\"20\"}")
        .post("/api/v1/risk-snapshots")
        .then();
  }

  private static ValidatableResponse account(String account) {
    return given()
        .auth()
        .preemptive()
        .basic("viewer", "viewer")
        .get("/api/v1/accounts/" + account)
        .then()
        .statusCode(200);
  }

  private static boolean restricted(String account) {
    var body = account(account).extract().jsonPath();
    return body.getBoolean("restrictions.reduceOnly")
        && !body.getBoolean("restrictions.withdrawalsEnabled");
  }
}
