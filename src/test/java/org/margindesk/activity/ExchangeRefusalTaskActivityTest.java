package org.margindesk.activity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.margindesk.api.task.TaskFixtures.act;
import static org.margindesk.api.task.TaskFixtures.task;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.margindesk.api.task.TaskFixtures;
import org.margindesk.audit.AuditRecord;
import org.margindesk.audit.AuditTrail;
import org.margindesk.domain.ExchangeEffect;
import org.margindesk.domain.ExchangeRefusal;
import org.margindesk.domain.TaskStatus;

/**
 * Opening an EXCHANGE_REFUSED task, as the workflow does when the exchange refuses an effect: the
 * task keeps the exchange's answer, supervisors get one notice and the refusal is counted once,
 * however often the activity runs.
 */
@QuarkusTest
class ExchangeRefusalTaskActivityTest {
  @Inject TaskActivities activities;
  @Inject TaskFixtures fixtures;
  @Inject MeterRegistry registry;
  @Inject OperatorTaskRows rows;
  @Inject AuditTrail auditTrail;

  @AfterEach
  void endCallsWithoutWorkflow() {
    fixtures.endCallsWithoutWorkflow();
  }

  @Test
  void givenARefusal_whenItsTaskIsOpenedTwice_thenOneTaskWithDetailsOneNoticeAndOneCount() {
    String callId = fixtures.callWithoutWorkflow();
    String account = fixtures.text("SELECT account_id FROM margin_call WHERE id = ?", callId);
    String taskId = callId + ":exchange-refused:liquidation:close-all-positions:effect:1";
    TaskRequest request = refusal(taskId, callId, account);
    double before = refusals();

    assertThat(activities.openTask(request)).isEqualTo(TaskStatus.OPEN);
    assertThat(activities.openTask(request)).isEqualTo(TaskStatus.OPEN);

    assertThat(
            fixtures.text(
                "SELECT type || ' ' || status || ' ' || (details->>'effect') || ' ' ||"
                    + " (details->>'idempotencyKey') FROM operator_task WHERE id = ?",
                taskId))
        .isEqualTo(
            "EXCHANGE_REFUSED OPEN CLOSE_ALL_POSITIONS "
                + callId
                + ":liquidation:close-all-positions:effect");
    assertThat(
            fixtures.count(
                "SELECT count(*) FROM notification WHERE margin_call_id = ? AND type ="
                    + " 'EXCHANGE_REFUSED' AND figures->>'taskId' = ?",
                callId,
                taskId))
        .isEqualTo(1);
    assertThat(refusals() - before).isEqualTo(1.0);
    assertThat(fixtures.audits(taskId, "TASK_CREATED")).isEqualTo(1);
    task("operator", taskId)
        .statusCode(200)
        .body("type", equalTo(ExchangeRefusal.TASK_TYPE))
        .body("details.exchangeAnswer", containsString("403"))
        .body("details.effect", equalTo("CLOSE_ALL_POSITIONS"))
        .body("resolution", nullValue());
  }

  @Test
  void givenRefusalsOpenedTogether_whenOpenedTwice_thenEachHasOneTaskOneNoticeAndOneCount() {
    List<TaskRequest> requests = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      String callId = fixtures.callWithoutWorkflow();
      String account = fixtures.text("SELECT account_id FROM margin_call WHERE id = ?", callId);
      String taskId = callId + ":exchange-refused:liquidation:close-all-positions:effect:1";
      requests.add(refusal(taskId, callId, account));
    }
    double before = refusals();

    for (int round = 0; round < 2; round++) {
      Map<String, TaskStatus> opened =
          QuarkusTransaction.requiringNew()
              .call(
                  () -> {
                    List<AuditRecord> records = new ArrayList<>();
                    Map<String, TaskStatus> statuses = rows.openAll(requests, records);
                    auditTrail.appendAll(records);
                    return statuses;
                  });
      assertThat(opened).hasSize(2).containsValues(TaskStatus.OPEN);
    }

    for (TaskRequest request : requests) {
      assertThat(
              fixtures.count(
                  "SELECT count(*) FROM notification WHERE type = 'EXCHANGE_REFUSED'"
                      + " AND figures->>'taskId' = ?",
                  request.taskId()))
          .isEqualTo(1);
      assertThat(fixtures.audits(request.taskId(), "TASK_CREATED")).isEqualTo(1);
    }
    assertThat(refusals() - before).isEqualTo(2.0);
  }

  @Test
  void givenARefusalTask_whenCompletedWithoutAFittingResolution_thenA400ChangesNothing() {
    String callId = fixtures.callWithoutWorkflow();
    String account = fixtures.text("SELECT account_id FROM margin_call WHERE id = ?", callId);
    String taskId = callId + ":exchange-refused:open:reduce-only-on:1";
    activities.openTask(refusal(taskId, callId, account));
    act("operator", taskId, "claim").statusCode(200);

    act("operator", taskId, "complete", "{\"note\":\"done\"}")
        .statusCode(400)
        .body("detail", containsString("resolution"));
    act("operator", taskId, "complete", "{\"resolution\":\"DONE_BY_HAND\"}")
        .statusCode(400)
        .body("detail", containsString("evidence"));
    act("operator", taskId, "complete", "{\"resolution\":\"MAYBE\"}").statusCode(400);

    assertThat(fixtures.text("SELECT status FROM operator_task WHERE id = ?", taskId))
        .isEqualTo("CLAIMED");
    assertThat(fixtures.audits(taskId, "TASK_COMPLETED")).isZero();
  }

  private static TaskRequest refusal(String taskId, String callId, String account) {
    String effect =
        taskId.contains("close-all-positions")
            ? ExchangeEffect.CLOSE_ALL_POSITIONS.name()
            : ExchangeEffect.REDUCE_ONLY_ON.name();
    String key = taskId.replace(":exchange-refused", "").replaceAll(":\\d+$", "");
    Map<String, String> details = new LinkedHashMap<>();
    details.put("effect", effect);
    details.put("idempotencyKey", key);
    details.put("attempt", "1");
    details.put("failureType", "GATEWAY_REJECTED");
    details.put(
        "exchangeAnswer", "exchange answered 403 to close-positions: {\"error\":\"locked\"}");
    return new TaskRequest(taskId, callId, account, ExchangeRefusal.TASK_TYPE, details);
  }

  private double refusals() {
    return registry
        .get("margindesk.exchange.refusals")
        .tag("effect", ExchangeEffect.CLOSE_ALL_POSITIONS.tag())
        .counter()
        .count();
  }
}
