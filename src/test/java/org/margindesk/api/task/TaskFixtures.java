package org.margindesk.api.task;

import static io.restassured.RestAssured.given;

import io.agroal.api.AgroalDataSource;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.margindesk.activity.CallRecordActivities;
import org.margindesk.activity.OpenedCall;
import org.margindesk.activity.TaskActivities;
import org.margindesk.activity.TaskRequest;
import org.margindesk.domain.CallStatus;
import org.margindesk.domain.LiquidationStep;
import org.margindesk.domain.MarginCallIds;
import org.margindesk.service.LifecycleFixtures;
import org.margindesk.service.Poll;

/**
 * Operator tasks for tests, two ways: on a LIQUIDATING call row written by the activities with no
 * workflow behind it (for everything that stays in PostgreSQL), or on a real call whose workflow
 * reaches its manual steps. Plus the HTTP calls the task API tests make.
 */
@ApplicationScoped
public class TaskFixtures {
  public static final Duration WAIT = Duration.ofSeconds(40);

  private final LifecycleFixtures lifecycle;
  private final CallRecordActivities records;
  private final TaskActivities tasks;
  private final AgroalDataSource dataSource;
  private final List<String> withoutWorkflow = new CopyOnWriteArrayList<>();

  TaskFixtures(
      LifecycleFixtures lifecycle,
      CallRecordActivities records,
      TaskActivities tasks,
      AgroalDataSource dataSource) {
    this.lifecycle = lifecycle;
    this.records = records;
    this.tasks = tasks;
    this.dataSource = dataSource;
  }

  /**
   * A LIQUIDATING call row with no workflow; returns its id. Such a row is what the reconciler
   * restarts, so a test that makes one calls {@link #endCallsWithoutWorkflow} when it is done.
   */
  public String callWithoutWorkflow() {
    String account = lifecycle.facility(null);
    String callId = MarginCallIds.callId(account, 1);
    withoutWorkflow.add(callId);
    records.recordOpened(
        new OpenedCall(
            callId,
            account,
            1,
            CallStatus.LIQUIDATING,
            "LIQUIDATION",
            List.of("test"),
            Map.of(),
            Map.of(),
            Map.of(),
            System.currentTimeMillis(),
            System.currentTimeMillis()));
    return callId;
  }

  /**
   * Closes the calls made by {@link #callWithoutWorkflow}, so no reconciler brings them to life.
   */
  public void endCallsWithoutWorkflow() {
    for (String callId : withoutWorkflow) {
      lifecycle.execute(
          "UPDATE margin_call SET status = 'LIQUIDATED', closed_at = now() WHERE id = ?", callId);
    }
    withoutWorkflow.clear();
  }

  /** Opens the task of {@code step} on the call, as the workflow's activity does. */
  public String openTask(String callId, LiquidationStep step) {
    String taskId = MarginCallIds.taskId(callId, step);
    String account = lifecycle.text("SELECT account_id FROM margin_call WHERE id = ?", callId);
    tasks.openTask(new TaskRequest(taskId, callId, account, step.name()));
    return taskId;
  }

  /** A call whose remediation window has run out, so its workflow liquidates at once. */
  public String liquidatingCall() {
    String account = lifecycle.facility("PT1S");
    return lifecycle.snapshot(account, "12000").orElseThrow();
  }

  /** Waits until the workflow has opened the task of {@code step}; returns the task id. */
  public String awaitTask(String callId, LiquidationStep step) {
    String taskId = MarginCallIds.taskId(callId, step);
    Poll.until(
        WAIT,
        "task " + taskId + " opened",
        () -> lifecycle.count("SELECT count(*) FROM operator_task WHERE id = ?", taskId) == 1);
    return taskId;
  }

  public long count(String sql, Object... args) {
    return lifecycle.count(sql, args);
  }

  public String text(String sql, Object... args) {
    return lifecycle.text(sql, args);
  }

  /** The first column of every row. */
  public List<String> texts(String sql) {
    try (Connection connection = dataSource.getConnection();
        ResultSet rows = connection.createStatement().executeQuery(sql)) {
      List<String> values = new ArrayList<>();
      while (rows.next()) {
        values.add(rows.getString(1));
      }
      return values;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public long audits(String taskId, String action) {
    return count(
        "SELECT count(*) FROM audit_record WHERE task_id = ? AND action = ?", taskId, action);
  }

  public static RequestSpecification as(String user) {
    return given().auth().preemptive().basic(user, user);
  }

  public static ValidatableResponse get(String user, String path) {
    return as(user).get(path).then();
  }

  public static ValidatableResponse task(String user, String taskId) {
    return as(user).get("/api/v1/tasks/{id}", taskId).then();
  }

  public static ValidatableResponse act(String user, String taskId, String action) {
    return as(user).post("/api/v1/tasks/{id}/" + action, taskId).then();
  }

  public static ValidatableResponse act(String user, String taskId, String action, String body) {
    return as(user)
        .contentType(ContentType.JSON)
        .body(body)
        .post("/api/v1/tasks/{id}/" + action, taskId)
        .then();
  }
}
