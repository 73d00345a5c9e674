package org.margindesk.activity;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.margindesk.audit.AuditRecord;
import org.margindesk.config.JsonText;
import org.margindesk.domain.CallStatus;
import org.margindesk.metrics.MarginDeskMetrics;
import org.margindesk.persistence.MarginCallEntity;
import org.margindesk.persistence.MarginCallWaiverEntity;
import org.margindesk.workflow.messages.values.LifecycleFailure;

/**
 * The margin_call read model's changes (status, current step, closedAt, outcome), each with its
 * audit record, in the caller's transaction. The records are handed back rather than appended, so
 * that a transaction writing several changes appends them with one statement.
 */
@ApplicationScoped
class CallMoves {
  private static final Logger LOG = Logger.getLogger(CallMoves.class);

  private final EntityManager em;
  private final Clock clock;
  private final ObjectMapper json;
  private final MarginDeskMetrics metrics;
  private final AccountBreachCheck breaches;

  CallMoves(
      EntityManager em,
      Clock clock,
      ObjectMapper json,
      MarginDeskMetrics metrics,
      AccountBreachCheck breaches) {
    this.em = em;
    this.clock = clock;
    this.json = json;
    this.metrics = metrics;
    this.breaches = breaches;
  }

  /**
   * Moves the call as the progress says and adds its audit record to {@code records}, for the
   * caller to append.
   *
   * @return what must follow the record: for a call that frees its account, the check that opens a
   *     new call if the account is still in breach
   */
  @Transactional(Transactional.TxType.MANDATORY)
  Runnable change(CallProgress progress, List<AuditRecord> records) {
    boolean freesTheAccount =
        progress.toStatus() == CallStatus.CURED || progress.toStatus() == CallStatus.WAIVED;
    if (freesTheAccount) {
      // The account's lock before the call's, in ingestion's order: the breach check below must
      // see every snapshot committed before this close, and none may slip in after it.
      breaches.lock(progress.accountId());
    }
    MarginCallEntity call =
        em.find(MarginCallEntity.class, progress.callId(), LockModeType.PESSIMISTIC_WRITE);
    if (call == null) {
      throw LifecycleFailure.NOT_FOUND.failure("no margin call " + progress.callId());
    }
    Map<String, Object> before = view(call);
    CallStatus reached = null;
    if (progress.toStatus() != null && !progress.toStatus().equals(call.status)) {
      CallStatus from = call.status;
      CallStatus to = progress.toStatus();
      if (!from.canMoveTo(to)) {
        throw LifecycleFailure.INVALID_TRANSITION.failure(
            progress.callId() + " cannot move from " + from + " to " + to);
      }
      call.status = to;
      reached = to;
    }
    if (progress.currentStep() != null) {
      call.currentStep = progress.currentStep();
    }
    if (progress.closed() && call.closedAt == null) {
      call.closedAt = clock.instant();
    }
    if (progress.outcome() != null) {
      call.outcome = progress.outcome();
    }
    call.updatedAt = clock.instant();
    if (reached != null && !reached.isOpen()) {
      // Counted on the status change itself, so a retried activity does not count again.
      Instant closedAt = call.closedAt == null ? call.updatedAt : call.closedAt;
      metrics.callClosed(reached, Duration.between(call.openedAt, closedAt));
    }
    records.add(
        AuditRecord.builder(progress.eventKey(), progress.actor(), progress.action())
            .accountId(progress.accountId())
            .marginCallId(progress.callId())
            .reason(progress.reason())
            .before(JsonText.write(json, before))
            .after(JsonText.write(json, view(call)))
            .workflow(progress.callId(), null)
            .build());
    // The audit record is the account of each change; the log tells only of a call's end. A line
    // per change was 2% of the service's CPU while a shock's liquidations started.
    LOG.logf(
        reached != null && !reached.isOpen() ? Logger.Level.INFO : Logger.Level.DEBUG,
        "%s: %s (%s)",
        progress.callId(),
        progress.action(),
        call.status);
    if (!freesTheAccount || reached == null) {
      return () -> {};
    }
    Instant waivedAt =
        reached == CallStatus.WAIVED
            ? MarginCallWaiverEntity.approvedAt(call.id).orElse(call.updatedAt)
            : null;
    return () -> breaches.openIfStillInBreach(progress.accountId(), waivedAt);
  }

  private static Map<String, Object> view(MarginCallEntity call) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("status", call.status);
    view.put("currentStep", call.currentStep);
    view.put("closedAt", call.closedAt == null ? null : call.closedAt.toString());
    view.put("outcome", call.outcome);
    return view;
  }
}
