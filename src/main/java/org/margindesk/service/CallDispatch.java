package org.margindesk.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.margindesk.config.JsonText;
import org.margindesk.config.MarginDeskConfig;
import org.margindesk.domain.Assessment;
import org.margindesk.metrics.MarginDeskMetrics;
import org.margindesk.pacing.IngestionPressure;
import org.margindesk.pacing.StartBacklog;
import org.margindesk.persistence.AfterCommit;
import org.margindesk.persistence.ColumnArrays;
import org.margindesk.persistence.MarginCallEntity;
import org.margindesk.worker.WorkflowTaskRoom;
import org.margindesk.workflow.messages.commands.AssessmentNotice;
import org.margindesk.workflow.messages.commands.CallInput;

/**
 * Starts call workflows and delivers assessment notices to them, after the transaction that decided
 * them commits and off the request's thread. Both are durable before they are dispatched: a start
 * as a row of the {@code workflow_start} outbox, a notice as the call's pending notice. So a crash,
 * a full queue or an unreachable Temporal loses nothing: the sweeper makes the starts left over,
 * from the call's row, and the reconciler delivers the notices.
 *
 * <p>Work for one call always runs on the same thread (one of {@code parallelism} stripes), so a
 * call's start comes before its notices and its notices keep their order. Across calls, the most
 * urgent work goes first ({@link DispatchStripe.Urgency}): pending restrictions, then the starts of
 * calls liquidated at once, then the rest, each in the order it was dispatched.
 */
@ApplicationScoped
public class CallDispatch {
  private static final Logger LOG = Logger.getLogger(CallDispatch.class);

  /** A start waits this long for its immediate dispatch before the sweeper may make it. */
  static final Duration SWEEP_GRACE = Duration.ofSeconds(30);

  private final EntityManager em;
  private final CallWorkflows starter;
  private final TransactionSynchronizationRegistry transactions;
  private final ObjectMapper json;
  private final Clock clock;
  private final MarginDeskMetrics metrics;
  private final DispatchStripe[] stripes;
  private final boolean immediate;
  private final IngestionPressure pressure;
  private final StartBacklog backlog;
  private final CallInputs inputs;
  private final StartedWorkflows started;
  private final WorkflowTaskRoom room;
  private final Duration waitForWorker;
  private final int parallelism;

  CallDispatch(
      EntityManager em,
      CallWorkflows starter,
      TransactionSynchronizationRegistry transactions,
      ObjectMapper json,
      Clock clock,
      MarginDeskMetrics metrics,
      IngestionPressure pressure,
      StartBacklog backlog,
      CallInputs inputs,
      StartedWorkflows started,
      WorkflowTaskRoom room,
      MarginDeskConfig config) {
    this.started = started;
    // Only this instance's own worker takes a start's first task straight away.
    this.room = config.runsWorkers() ? room : null;
    this.waitForWorker = config.workflowStarts().waitForWorker();
    this.pressure = pressure;
    this.backlog = backlog;
    this.inputs = inputs;
    this.em = em;
    this.starter = starter;
    this.transactions = transactions;
    this.json = json;
    this.clock = clock;
    this.metrics = metrics;
    MarginDeskConfig.WorkflowStarts settings = config.workflowStarts();
    this.immediate = settings.immediate();
    this.parallelism = Math.max(1, settings.parallelism());
    int capacity = Math.max(1, settings.queueCapacity() / parallelism);
    stripes = new DispatchStripe[parallelism];
    for (int i = 0; i < parallelism; i++) {
      stripes[i] = new DispatchStripe("call-dispatch-" + i, capacity);
    }
  }

  /**
   * Writes the outbox rows of new calls, in the caller's transaction. A row names its call only:
   * the call's own row, written in the same transaction, holds everything its first start needs
   * (see {@link CallInputs#forFirstStart}). Writing the input a second time, about a kilobyte of
   * JSON per call, took about 15% of PostgreSQL's statement time in a 10,000-breach shock.
   */
  public void recordStarts(Connection connection, List<CallInput> inputs, Instant now)
      throws SQLException {
    ColumnArrays<CallInput> columns = new ColumnArrays<>(inputs).text(CallInput::callId);
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO workflow_start (call_id, created_at, next_attempt_at) SELECT"
                + " t.call_id, ?, ? FROM "
                + ColumnArrays.unnest("t", "call_id")
                + " ORDER BY t.ordinality")) {
      insert.setTimestamp(1, Timestamp.from(now));
      insert.setTimestamp(2, Timestamp.from(now.plus(SWEEP_GRACE)));
      columns.bind(connection, insert, 3);
      insert.executeUpdate();
    }
  }

  /** Once the caller's transaction commits, starts these workflows. */
  public void startAfterCommit(List<CallInput> inputs) {
    if (!immediate || inputs.isEmpty()) {
      return;
    }
    List<CallInput> starts = List.copyOf(inputs);
    afterCommit(
        () -> {
          for (CallInput input : starts) {
            Runnable start = yielding(pressure.deadlineFromNow(), () -> start(input));
            backlog.queued(1);
            boolean queued =
                submit(
                    input.callId(),
                    input.openingAssessment() == Assessment.LIQUIDATION
                        ? DispatchStripe.Urgency.LIQUIDATION
                        : DispatchStripe.Urgency.ROUTINE,
                    () -> {
                      try {
                        start.run();
                      } finally {
                        backlog.done();
                      }
                    },
                    "start");
            if (!queued) {
              backlog.done();
            }
          }
        });
  }

  /** Once the caller's transaction commits, delivers these notices, each to its call, in order. */
  public void deliverAfterCommit(
      List<MarginCallLifecycle.Steering> steerings, List<AssessmentNotice> notices) {
    List<String> calls = steerings.stream().map(MarginCallLifecycle.Steering::callId).toList();
    List<AssessmentNotice> sent = List.copyOf(notices);
    afterCommit(
        () -> {
          for (int i = 0; i < calls.size(); i++) {
            String callId = calls.get(i);
            AssessmentNotice notice = sent.get(i);
            // A notice changes what a restricted call does next (an escalation starts liquidation):
            // it waits for breaches being restricted, not for ingestion in flight.
            submit(
                callId,
                DispatchStripe.Urgency.ROUTINE,
                yielding(pressure.restrictionsDeadlineFromNow(), () -> deliver(callId, notice)),
                "notice");
          }
        });
  }

  /**
   * Once the caller's transaction commits, runs {@code work} on the call's thread before any start
   * or notice queued there, with no transaction open: for a restriction decided in a transaction
   * that must not wait for the exchange.
   */
  public void runAfterCommit(String callId, String what, Runnable work) {
    afterCommit(() -> submit(callId, DispatchStripe.Urgency.RESTRICTION, work, what));
  }

  /**
   * Signals the workflow, then clears the pending notice, but only if it is still this one: a newer
   * notice committed meanwhile stays pending until it is delivered itself.
   *
   * @return whether the workflow accepted the notice
   */
  public boolean deliver(String callId, AssessmentNotice notice) {
    if (!starter.signal(callId, notice)) {
      return false;
    }
    clearPendingNotice(callId, notice);
    return true;
  }

  /** Clears the call's pending notice if it is still {@code notice}. */
  public void clearPendingNotice(String callId, AssessmentNotice notice) {
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                em.createNativeQuery(
                        "UPDATE margin_call SET pending_notice = NULL WHERE id = :id"
                            + " AND pending_notice ->> 'snapshotId' = :snapshot")
                    .setParameter("id", callId)
                    .setParameter("snapshot", notice.snapshotId())
                    .executeUpdate());
  }

  /**
   * Makes the starts whose immediate dispatch did not happen (a crash, a full queue, a failure),
   * each from its call's row as it opened, so the call keeps its deadline (or from the input a row
   * written by an earlier version carries). Every instance runs it; rows are claimed with SKIP
   * LOCKED, and a start is idempotent anyway.
   *
   * @return the ids of the calls whose start was attempted
   */
  public List<String> sweep() {
    Instant now = clock.instant();
    List<Object[]> due;
    try {
      due = QuarkusTransaction.requiringNew().call(() -> claimDue(now));
    } catch (RuntimeException e) {
      LOG.errorf(e, "Claiming workflow starts failed; the next sweep retries");
      return List.of();
    }
    Map<String, MarginCallEntity> rows = callRows(due);
    List<String> attempted = new ArrayList<>();
    for (Object[] row : due) {
      String callId = (String) row[0];
      try {
        start(input(callId, (String) row[1], rows.get(callId)));
      } catch (JsonProcessingException | RuntimeException e) {
        failed(callId, e);
      }
      attempted.add(callId);
    }
    return attempted;
  }

  /** The call rows of the claimed starts that carry no input, read at once. */
  private Map<String, MarginCallEntity> callRows(List<Object[]> due) {
    List<String> ids =
        due.stream().filter(row -> row[1] == null).map(row -> (String) row[0]).toList();
    if (ids.isEmpty()) {
      return Map.of();
    }
    try {
      return QuarkusTransaction.requiringNew()
          .call(
              () ->
                  MarginCallEntity.<MarginCallEntity>list("id in ?1", ids).stream()
                      .collect(Collectors.toMap(call -> call.id, call -> call)));
    } catch (RuntimeException e) {
      // Each start then fails on its own, counted and retried by the next sweep.
      LOG.errorf(e, "Reading the calls of %d claimed workflow starts failed", ids.size());
      return Map.of();
    }
  }

  private CallInput input(String callId, String written, MarginCallEntity call)
      throws JsonProcessingException {
    if (written != null) {
      return json.readValue(written, CallInput.class);
    }
    if (call == null) {
      throw new IllegalStateException("no margin_call row read for " + callId);
    }
    return inputs.forFirstStart(call);
  }

  @Scheduled(
      every = "${margin-desk.workflow-starts.sweep-interval:PT5S}",
      delayed = "${margin-desk.workflow-starts.sweep-interval:PT5S}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void sweepPeriodically() {
    sweep();
  }

  @SuppressWarnings("unchecked")
  private List<Object[]> claimDue(Instant now) {
    // Claimed by moving the next attempt away, so a slow start is not taken twice meanwhile.
    return em.createNativeQuery(
            "UPDATE workflow_start SET attempts = attempts + 1, next_attempt_at = :retry WHERE"
                + " call_id IN (SELECT call_id FROM workflow_start WHERE next_attempt_at <= :now"
                + " ORDER BY next_attempt_at LIMIT 500 FOR UPDATE SKIP LOCKED) RETURNING call_id, input")
        .setParameter("now", Timestamp.from(now))
        .setParameter("retry", Timestamp.from(now.plus(SWEEP_GRACE)))
        .getResultList();
  }

  private void start(CallInput input) {
    String callId = input.callId();
    Optional<String> pendingText;
    if (room != null && !waitForWorker.isZero() && !room.awaitRoom(parallelism, waitForWorker)) {
      LOG.debugf(
          "No free workflow-task slot within %s (%d taken); %s starts through the task queue",
          waitForWorker, room.taken(), callId);
    }
    try {
      starter.start(input);
      pendingText = started.started(callId);
    } catch (RuntimeException e) {
      failed(callId, e);
      return;
    }
    if (pendingText.isPresent()) {
      deliver(callId, read(pendingText.get()));
    }
  }

  private void failed(String callId, Exception e) {
    metrics.workflowStartFailed();
    LOG.errorf(e, "Starting the workflow of %s failed; the sweeper retries it", callId);
    try {
      QuarkusTransaction.requiringNew()
          .run(
              () ->
                  em.createNativeQuery(
                          "UPDATE workflow_start SET last_error = :error WHERE call_id = :id")
                      .setParameter("error", String.valueOf(e.getMessage()))
                      .setParameter("id", callId)
                      .executeUpdate());
    } catch (RuntimeException ignored) {
      // The row keeps its previous error; the failure is logged and counted above.
    }
  }

  /** Work that first yields to the safety path, at most until its deadline. */
  private Runnable yielding(IngestionPressure.Deadline deadline, Runnable work) {
    return () -> {
      pressure.yieldUntil(deadline);
      work.run();
    };
  }

  /** Queues {@code work} on its call's thread; false if the queue was full. */
  private boolean submit(
      String callId, DispatchStripe.Urgency urgency, Runnable work, String what) {
    DispatchStripe stripe = stripes[Math.floorMod(callId.hashCode(), stripes.length)];
    try {
      stripe.execute(
          urgency,
          () -> {
            try {
              work.run();
            } catch (RuntimeException e) {
              LOG.errorf(
                  e,
                  "Dispatching the %s of %s failed; it is retried from its record",
                  what,
                  callId);
            }
          });
      return true;
    } catch (RejectedExecutionException e) {
      // Durable already: the sweeper (starts) or the reconciler (notices) takes it from its row.
      LOG.warnf("Dispatch queue full: the %s of %s is left to its sweeper", what, callId);
      return false;
    }
  }

  private void afterCommit(Runnable action) {
    AfterCommit.run(transactions, action);
  }

  private AssessmentNotice read(String text) {
    return JsonText.read(json, text, AssessmentNotice.class);
  }
}
