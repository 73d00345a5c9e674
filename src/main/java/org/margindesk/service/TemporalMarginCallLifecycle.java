package org.margindesk.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.margindesk.domain.Assessment;
import org.margindesk.metrics.MarginDeskMetrics;
import org.margindesk.persistence.FacilityEntity;
import org.margindesk.persistence.MarginCallEntity;
import org.margindesk.workflow.AssessmentNotice;
import org.margindesk.workflow.CallInput;

/**
 * The lifecycle port backed by one Temporal workflow per call. The call row is written in the
 * caller's transaction; the workflow is started (or signalled) only after that transaction commits,
 * so a rolled-back snapshot never leaves a workflow behind. A crash between commit and start leaves
 * an OPEN row without a workflow, which the reconciler starts.
 */
@ApplicationScoped
public class TemporalMarginCallLifecycle implements MarginCallLifecycle {
  private static final Logger LOG = Logger.getLogger(TemporalMarginCallLifecycle.class);

  private final EntityManager em;
  private final CallInputs inputs;
  private final MarginCallStarter starter;
  private final TransactionSynchronizationRegistry transactions;
  private final Clock clock;
  private final MarginDeskMetrics metrics;

  TemporalMarginCallLifecycle(
      EntityManager em,
      CallInputs inputs,
      MarginCallStarter starter,
      TransactionSynchronizationRegistry transactions,
      Clock clock,
      MarginDeskMetrics metrics) {
    this.em = em;
    this.metrics = metrics;
    this.inputs = inputs;
    this.starter = starter;
    this.transactions = transactions;
    this.clock = clock;
  }

  @Override
  @Transactional
  public Optional<String> onAssessmentChanged(AssessmentChange change) {
    Optional<MarginCallEntity> open = MarginCallEntity.findOpen(change.accountId());
    if (open.isPresent()) {
      return Optional.of(steer(open.get(), change));
    }
    if (change.current() == Assessment.HEALTHY) {
      return Optional.empty();
    }
    FacilityEntity facility =
        em.find(FacilityEntity.class, change.accountId(), LockModeType.PESSIMISTIC_WRITE);
    if (facility == null || !FacilityEntity.ACTIVE.equals(facility.status)) {
      LOG.warnf(
          "Account %s is %s but has no active facility; no margin call opened",
          change.accountId(), change.current());
      return Optional.empty();
    }
    Instant now = clock.instant();
    facility.lastCallNumber++;
    facility.updatedAt = now;
    CallInput input = inputs.forNewCall(facility, change, facility.lastCallNumber, now);
    insert(input);
    metrics.callOpened(trigger(change));
    afterCommit(() -> starter.start(input));
    return Optional.of(input.callId());
  }

  @Override
  @Transactional
  public Optional<String> openMarginCallId(String accountId) {
    return MarginCallEntity.findOpen(accountId).map(call -> call.id);
  }

  private String steer(MarginCallEntity call, AssessmentChange change) {
    // Stored first: a workflow restarted by the reconciler starts from the latest assessment.
    call.latestAssessment = change.current().name();
    call.updatedAt = clock.instant();
    AssessmentNotice notice =
        new AssessmentNotice(
            change.current(),
            change.evaluation().reasons().stream().map(r -> r.describe()).toList(),
            change.snapshotId(),
            change.asOf() == null ? clock.millis() : change.asOf().toEpochMilli());
    // Kept until the workflow has it: if the signal below fails, the reconciler delivers it.
    call.pendingNotice = inputs.write(notice);
    String callId = call.id;
    afterCommit(() -> deliver(callId, notice));
    return callId;
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

  /** The rules that fired, e.g. {@code CAB_BELOW_MIN_TOP_UP+MMR_BELOW_MARGIN_CALL}. */
  private static String trigger(AssessmentChange change) {
    return change.evaluation().reasons().stream()
        .map(reason -> reason.rule().name())
        .distinct()
        .sorted()
        .collect(java.util.stream.Collectors.joining("+"));
  }

  private void insert(CallInput input) {
    MarginCallEntity call = new MarginCallEntity();
    call.id = input.callId();
    call.accountId = input.accountId();
    call.callNumber = input.callNumber();
    call.status = input.openingAssessment() == Assessment.LIQUIDATION ? "LIQUIDATING" : "OPEN";
    call.openingAssessment = input.openingAssessment().name();
    call.latestAssessment = input.openingAssessment().name();
    call.triggerReasons = inputs.write(input.triggerReasons());
    call.policy = inputs.write(input.policy());
    call.figures = inputs.write(input.figures());
    call.stepModes = inputs.write(input.stepModes());
    call.openedAt = Instant.ofEpochMilli(input.openedAtMillis());
    call.deadline = Instant.ofEpochMilli(input.deadlineMillis());
    call.updatedAt = call.openedAt;
    em.persist(call);
    em.flush();
  }

  private void afterCommit(Runnable action) {
    transactions.registerInterposedSynchronization(
        new Synchronization() {
          @Override
          public void beforeCompletion() {}

          @Override
          public void afterCompletion(int status) {
            if (status != Status.STATUS_COMMITTED) {
              return;
            }
            try {
              action.run();
            } catch (RuntimeException e) {
              LOG.errorf(e, "Temporal call after commit failed; the reconciler retries it");
            }
          }
        });
  }
}
