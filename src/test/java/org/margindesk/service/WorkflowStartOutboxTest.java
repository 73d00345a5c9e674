package org.margindesk.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.margindesk.config.LifecycleSettings;
import org.margindesk.config.TestClock;
import org.margindesk.domain.Assessment;
import org.margindesk.domain.RestrictionStatus;
import org.margindesk.persistence.MarginCallEntity;
import org.margindesk.workflow.MarginCallWorkflow;
import org.margindesk.workflow.messages.commands.CallInput;
import org.margindesk.workflow.messages.queries.CallState;
import org.margindesk.workflow.messages.queries.StateQuery;

/**
 * A crash between ingestion's commit and the workflow start: the call and its restriction are
 * committed, its start is in the outbox, and no workflow runs. The sweeper starts it from the input
 * written when it opened, so it keeps its deadline; the reconciler leaves it to the outbox.
 */
@QuarkusTest
@TestProfile(WorkflowStartOutboxTest.StartsLeftToTheSweeper.class)
class WorkflowStartOutboxTest {
  /** No start is made at commit, as if the process had died right after it. */
  public static class StartsLeftToTheSweeper implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("margin-desk.workflow-starts.immediate", "false");
    }
  }

  @Inject LifecycleFixtures fixtures;
  @Inject CallDispatch dispatch;
  @Inject MarginCallReconciler reconciler;
  @Inject WorkflowClient client;
  @Inject AgroalDataSource dataSource;
  @Inject TestClock clock;
  @Inject CallInputs inputs;
  @Inject ObjectMapper json;
  @Inject LifecycleSettings settings;
  @Inject StartedWorkflows started;

  @AfterEach
  void resetClock() {
    clock.reset();
  }

  @Test
  void
      givenACallCommittedWithoutItsWorkflow_whenTheSweeperRuns_thenItStartsWithTheOriginalDeadline() {
    String account = fixtures.facility(null);
    String callId = fixtures.snapshot(account, "12000").orElseThrow();
    Instant deadline =
        instant("SELECT deadline FROM margin_call WHERE id = ?", callId).orElseThrow();
    Instant openedAt =
        instant("SELECT opened_at FROM margin_call WHERE id = ?", callId).orElseThrow();

    assertThat(deadline).isEqualTo(openedAt.plus(Duration.ofHours(12)));
    assertThat(instant("SELECT created_at FROM workflow_start WHERE call_id = ?", callId))
        .isPresent();
    assertThat(instant("SELECT restricted_at FROM margin_call WHERE id = ?", callId)).isPresent();
    assertThatThrownBy(() -> client.newUntypedWorkflowStub(callId).describe())
        .isInstanceOf(WorkflowNotFoundException.class);

    clock.advance(Duration.ofMinutes(1));
    assertThat(reconciler.reconcile()).doesNotContain(callId);
    assertThat(dispatch.sweep()).contains(callId);

    CallState state = awaitState(callId);
    assertThat(state.deadlineMillis()).isEqualTo(deadline.toEpochMilli());
    assertThat(instant("SELECT created_at FROM workflow_start WHERE call_id = ?", callId))
        .isEmpty();
    assertThat(dispatch.sweep()).doesNotContain(callId);
    assertThat(restriction(callId)).isEqualTo(RestrictionStatus.APPLIED);
  }

  @Test
  void givenACallCommittedWithoutItsWorkflow_whenSwept_thenItsFirstRunStartsFromTheCallsRow()
      throws Exception {
    String account = fixtures.facility(null);
    String callId = fixtures.snapshot(account, "10500").orElseThrow();
    // The outbox row names the call; the call's row holds its input.
    assertThat(fixtures.text("SELECT input FROM workflow_start WHERE call_id = ?", callId))
        .isNull();

    clock.advance(Duration.ofMinutes(1));
    assertThat(dispatch.sweep()).contains(callId);
    awaitState(callId);

    CallInput started = firstRunInput(callId);
    assertThat(started.resume()).as("a first run, not a recovery").isNull();
    assertThat(started.accountId()).isEqualTo(account);
    assertThat(started.callNumber()).isEqualTo(1);
    assertThat(started.openingAssessment()).isEqualTo(Assessment.LIQUIDATION);
    assertThat(started.triggerReasons())
        .isEqualTo(
            json.readValue(
                fixtures.text(
                    "SELECT CAST(trigger_reasons AS text) FROM margin_call WHERE id = ?", callId),
                new TypeReference<List<String>>() {}));
    assertThat(started.figures())
        .containsEntry("collateralBalance", "10500")
        .containsEntry("marginPlusAmount", "10000");
    assertThat(started.openedAtMillis())
        .isEqualTo(
            instant("SELECT opened_at FROM margin_call WHERE id = ?", callId)
                .orElseThrow()
                .toEpochMilli());
    assertThat(started.stepModes()).isEqualTo(settings.stepModes());
    assertThat(started.reminderOffsetsMillis())
        .isEqualTo(settings.reminderOffsets().stream().map(Duration::toMillis).toList());
  }

  @Test
  void givenAnOutboxRowThatCarriesItsInput_whenSwept_thenItStartsFromThatInput() throws Exception {
    // As written before the row named its call only: the input, here with a later deadline.
    String callId = fixtures.snapshot(fixtures.facility(null), "12000").orElseThrow();
    Instant deadline =
        instant("SELECT deadline FROM margin_call WHERE id = ?", callId).orElseThrow();
    MarginCallEntity row =
        QuarkusTransaction.requiringNew()
            .call(() -> MarginCallEntity.<MarginCallEntity>findById(callId));
    CallInput first = inputs.forFirstStart(row);
    long written = deadline.plus(Duration.ofMinutes(7)).toEpochMilli();
    CallInput carried =
        new CallInput(
            first.callId(),
            first.accountId(),
            first.callNumber(),
            first.openingAssessment(),
            first.triggerReasons(),
            first.policy(),
            first.figures(),
            first.openedAtMillis(),
            written,
            first.reminderOffsetsMillis(),
            first.stepModes(),
            null);
    fixtures.execute(
        "UPDATE workflow_start SET input = ? WHERE call_id = ?",
        json.writeValueAsString(carried),
        callId);

    clock.advance(Duration.ofMinutes(1));
    assertThat(dispatch.sweep()).contains(callId);

    assertThat(awaitState(callId).deadlineMillis()).isEqualTo(written);
  }

  @Test
  void givenStartsMadeAtOnce_whenCleared_thenEachRowGoesAndOnlyTheWaitingNoticeComesBack()
      throws Exception {
    List<String> calls = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      calls.add(fixtures.snapshot(fixtures.facility(null), "12000").orElseThrow());
    }
    String waiting = calls.get(0);
    fixtures.execute(
        "UPDATE margin_call SET pending_notice = CAST(? AS jsonb) WHERE id = ?",
        "{\"snapshotId\": \"waiting-notice\"}",
        waiting);

    ExecutorService threads = Executors.newFixedThreadPool(calls.size());
    List<Optional<String>> answers = new ArrayList<>();
    try {
      List<Future<Optional<String>>> cleared = new ArrayList<>();
      calls.forEach(callId -> cleared.add(threads.submit(() -> started.started(callId))));
      for (Future<Optional<String>> answer : cleared) {
        answers.add(answer.get(20, TimeUnit.SECONDS));
      }
    } finally {
      threads.shutdownNow();
    }

    assertThat(answers.get(0))
        .hasValueSatisfying(text -> assertThat(text).contains("waiting-notice"));
    assertThat(answers.subList(1, calls.size())).allSatisfy(answer -> assertThat(answer).isEmpty());
    for (String callId : calls) {
      assertThat(fixtures.text("SELECT call_id FROM workflow_start WHERE call_id = ?", callId))
          .as("outbox row of " + callId)
          .isNull();
    }
    // The notice stays pending until it is delivered; clearing again (a start the sweeper made a
    // second time) finds no row and fails nothing.
    assertThat(started.started(waiting)).isPresent();
    assertThat(started.started(calls.get(1))).isEmpty();
  }

  /** The input of the workflow's first run, as its history recorded it. */
  private CallInput firstRunInput(String callId) throws Exception {
    HistoryEvent first = client.fetchHistory(callId).getHistory().getEvents(0);
    Payload payload = first.getWorkflowExecutionStartedEventAttributes().getInput().getPayloads(0);
    return json.readValue(payload.getData().toStringUtf8(), CallInput.class);
  }

  private RestrictionStatus restriction(String callId) {
    return instant("SELECT restricted_at FROM margin_call WHERE id = ?", callId).isPresent()
        ? RestrictionStatus.APPLIED
        : RestrictionStatus.PENDING;
  }

  /** The workflow's state, once it answers queries (its first task has run). */
  private CallState awaitState(String callId) {
    MarginCallWorkflow workflow = client.newWorkflowStub(MarginCallWorkflow.class, callId);
    AtomicReference<CallState> state = new AtomicReference<>();
    Poll.until(
        Duration.ofSeconds(20),
        "workflow " + callId + " answering",
        () -> {
          try {
            state.set(workflow.state(new StateQuery()));
            return true;
          } catch (RuntimeException notYet) {
            return false;
          }
        });
    return state.get();
  }

  private Optional<Instant> instant(String sql, String parameter) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, parameter);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() && rows.getTimestamp(1) != null
            ? Optional.of(rows.getTimestamp(1).toInstant())
            : Optional.empty();
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
