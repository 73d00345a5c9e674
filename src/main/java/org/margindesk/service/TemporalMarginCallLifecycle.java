package org.margindesk.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.hibernate.Session;
import org.jboss.logging.Logger;
import org.margindesk.audit.AuditTrail;
import org.margindesk.domain.Assessment;
import org.margindesk.domain.CallStatus;
import org.margindesk.metrics.MarginDeskMetrics;
import org.margindesk.persistence.ColumnArrays;
import org.margindesk.persistence.EpochMicros;
import org.margindesk.persistence.FacilityEntity;
import org.margindesk.persistence.IngestionRows;
import org.margindesk.persistence.MarginCallEntity;
import org.margindesk.workflow.messages.commands.AssessmentNotice;
import org.margindesk.workflow.messages.commands.CallInput;

/**
 * The lifecycle port backed by one Temporal workflow per call. The call row, its restriction (see
 * {@link RestrictFirst}) and its workflow start (an outbox row) are written in the caller's
 * transaction; the workflow is started, and notices are delivered, only after that transaction
 * commits ({@link CallDispatch}), so a rolled-back snapshot never leaves a workflow behind and the
 * request never waits for Temporal.
 */
@ApplicationScoped
public class TemporalMarginCallLifecycle implements MarginCallLifecycle {
  private static final Logger LOG = Logger.getLogger(TemporalMarginCallLifecycle.class);

  private final EntityManager em;
  private final CallInputs inputs;
  private final CallDispatch dispatch;
  private final RestrictFirst restrictFirst;
  private final AuditTrail audit;
  private final Clock clock;
  private final MarginDeskMetrics metrics;

  TemporalMarginCallLifecycle(
      EntityManager em,
      CallInputs inputs,
      CallDispatch dispatch,
      RestrictFirst restrictFirst,
      AuditTrail audit,
      Clock clock,
      MarginDeskMetrics metrics) {
    this.em = em;
    this.inputs = inputs;
    this.dispatch = dispatch;
    this.restrictFirst = restrictFirst;
    this.audit = audit;
    this.clock = clock;
    this.metrics = metrics;
  }

  @Override
  @Transactional(Transactional.TxType.MANDATORY)
  public Openings open(List<CallToOpen> calls) {
    if (calls.isEmpty()) {
      return new Openings(List.of(), List.of());
    }
    Instant now = clock.instant();
    em.flush();
    return em.unwrap(Session.class).doReturningWork(connection -> open(connection, calls, now));
  }

  private Openings open(Connection connection, List<CallToOpen> calls, Instant now)
      throws SQLException {
    List<String> accounts =
        calls.stream().map(call -> call.facility().accountId).distinct().sorted().toList();
    Map<String, Integer> numbers = IngestionRows.nextCallNumbers(connection, accounts, now);
    List<CallInput> opened = new ArrayList<>();
    List<CallToOpen> openedFrom = new ArrayList<>();
    for (CallToOpen call : calls) {
      Integer number = numbers.get(call.facility().accountId);
      if (number == null) {
        LOG.warnf(
            "Account %s is %s but has no active facility; no margin call opened",
            call.facility().accountId, call.change().current());
        continue;
      }
      opened.add(inputs.forNewCall(call.facility(), call.change(), number, now));
      openedFrom.add(call);
    }
    RestrictFirst.Restrictions restrictions = restrictFirst.restrict(opened);
    insertCalls(connection, opened, restrictions.restrictedInTransaction() ? now : null);
    dispatch.recordStarts(connection, opened, now);
    for (int i = 0; i < opened.size(); i++) {
      metrics.callOpened(trigger(openedFrom.get(i).change()));
    }
    dispatch.startAfterCommit(opened);
    Map<String, CallInput> byAccount =
        opened.stream().collect(Collectors.toMap(CallInput::accountId, input -> input));
    List<OpenedCall> answers = new ArrayList<>(calls.size());
    for (CallToOpen call : calls) {
      CallInput input = byAccount.get(call.facility().accountId);
      answers.add(
          input == null
              ? new OpenedCall(null, false, null)
              : new OpenedCall(
                  input.callId(),
                  restrictions.restrictedInTransaction(),
                  restrictions.pendingFor(input.callId())));
    }
    return new Openings(answers, restrictions.audit());
  }

  @Override
  @Transactional(Transactional.TxType.MANDATORY)
  public void steer(List<Steering> steerings) {
    if (steerings.isEmpty()) {
      return;
    }
    Instant now = clock.instant();
    List<AssessmentNotice> notices = new ArrayList<>(steerings.size());
    for (Steering steering : steerings) {
      AssessmentChange change = steering.change();
      notices.add(
          new AssessmentNotice(
              change.current(),
              change.evaluation().reasons().stream().map(r -> r.describe()).toList(),
              change.snapshotId(),
              change.asOf() == null ? now.toEpochMilli() : change.asOf().toEpochMilli()));
    }
    em.flush();
    em.unwrap(Session.class)
        .doWork(
            connection -> {
              // Stored first: a workflow restarted by the reconciler starts from the latest
              // assessment, and the notice is kept until the workflow has it.
              try (PreparedStatement update =
                  connection.prepareStatement(
                      "UPDATE margin_call SET latest_assessment = ?, pending_notice = CAST(? AS"
                          + " jsonb), updated_at = ? WHERE id = ?")) {
                for (int i = 0; i < steerings.size(); i++) {
                  update.setString(1, steerings.get(i).change().current().name());
                  update.setString(2, inputs.write(notices.get(i)));
                  update.setTimestamp(3, Timestamp.from(now));
                  update.setString(4, steerings.get(i).callId());
                  update.addBatch();
                }
                update.executeBatch();
              }
            });
    dispatch.deliverAfterCommit(steerings, notices);
  }

  @Override
  @Transactional
  public Optional<String> onAssessmentChanged(AssessmentChange change) {
    Optional<MarginCallEntity> open = MarginCallEntity.findOpen(change.accountId());
    if (open.isPresent()) {
      steer(List.of(new Steering(open.get().id, change)));
      return Optional.of(open.get().id);
    }
    if (change.current() == Assessment.HEALTHY) {
      return Optional.empty();
    }
    FacilityEntity facility = em.find(FacilityEntity.class, change.accountId());
    if (facility == null) {
      return Optional.empty();
    }
    // The facility is read again by the call-number update; this copy only feeds the call input.
    em.detach(facility);
    Openings openings = open(List.of(new CallToOpen(facility, change)));
    audit.appendAll(openings.audit());
    OpenedCall call = openings.calls().get(0);
    restrictFirst.confirmAfterCommit(call.pending());
    return Optional.ofNullable(call.callId());
  }

  @Override
  @Transactional
  public Optional<String> openMarginCallId(String accountId) {
    return MarginCallEntity.findOpen(accountId).map(call -> call.id);
  }

  /** The rules that fired, e.g. {@code CAB_BELOW_MIN_TOP_UP+MMR_BELOW_MARGIN_CALL}. */
  private static String trigger(AssessmentChange change) {
    return change.evaluation().reasons().stream()
        .map(reason -> reason.rule().name())
        .distinct()
        .sorted()
        .collect(Collectors.joining("+"));
  }

  private void insertCalls(Connection connection, List<CallInput> calls, Instant restrictedAt)
      throws SQLException {
    ColumnArrays<CallInput> columns =
        new ColumnArrays<>(calls)
            .text(CallInput::callId)
            .text(CallInput::accountId)
            .number(input -> (long) input.callNumber())
            .text(input -> CallStatus.openingFor(input.openingAssessment()).name())
            .text(input -> input.openingAssessment().name())
            .text(input -> inputs.write(input.triggerReasons()))
            .text(input -> inputs.write(input.policy()))
            .text(input -> inputs.write(input.figures()))
            .text(input -> inputs.write(input.stepModes()))
            .time(input -> Instant.ofEpochMilli(input.openedAtMillis()))
            .time(input -> Instant.ofEpochMilli(input.deadlineMillis()));
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO margin_call (id, account_id, call_number, status, opening_assessment,"
                + " latest_assessment, trigger_reasons, policy, figures, step_modes, opened_at,"
                + " deadline, updated_at, restricted_at) SELECT t.id, t.account_id, t.number,"
                + " t.status, t.opening, t.opening, CAST(t.reasons AS jsonb), CAST(t.policy AS"
                + " jsonb), CAST(t.figures AS jsonb), CAST(t.steps AS jsonb), "
                + EpochMicros.sql("t.opened_s", "t.opened_us")
                + ", "
                + EpochMicros.sql("t.deadline_s", "t.deadline_us")
                + ", "
                + EpochMicros.sql("t.opened_s", "t.opened_us")
                + ", CAST(? AS timestamptz) FROM "
                + ColumnArrays.unnest(
                    "t",
                    "id",
                    "account_id",
                    "number",
                    "status",
                    "opening",
                    "reasons",
                    "policy",
                    "figures",
                    "steps",
                    "opened_s",
                    "opened_us",
                    "deadline_s",
                    "deadline_us")
                + " ORDER BY t.ordinality")) {
      IngestionRows.setInstant(insert, 1, restrictedAt);
      columns.bind(connection, insert, 2);
      insert.executeUpdate();
    }
  }
}
