package org.margindesk.activity;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.margindesk.audit.AuditRecord;
import org.margindesk.audit.AuditTrail;
import org.margindesk.config.JsonText;
import org.margindesk.config.LogContext;
import org.margindesk.domain.WaiverStatus;
import org.margindesk.notification.SupervisorNotices;
import org.margindesk.persistence.MarginCallEntity;
import org.margindesk.persistence.MarginCallWaiverEntity;
import org.margindesk.workflow.messages.values.LifecycleFailure;

@ApplicationScoped
public class SupervisorActivitiesImpl implements SupervisorActivities {
  public static final String DEADLINE_EXTENDED = "DEADLINE_EXTENDED";
  public static final String WAIVER_REQUESTED = "WAIVER_REQUESTED";

  private final EntityManager em;
  private final AuditTrail audit;
  private final Clock clock;
  private final ObjectMapper json;
  private final SupervisorNotices notices;

  SupervisorActivitiesImpl(
      EntityManager em,
      AuditTrail audit,
      Clock clock,
      ObjectMapper json,
      SupervisorNotices notices) {
    this.notices = notices;
    this.em = em;
    this.audit = audit;
    this.clock = clock;
    this.json = json;
  }

  @Override
  @Transactional
  public void recordExtension(ExtensionRecord extension) {
    try (LogContext log = LogContext.forCall(extension.callId(), extension.accountId())) {
      // The row lock lines up concurrent extensions of one call.
      MarginCallEntity call =
          em.find(MarginCallEntity.class, extension.callId(), LockModeType.PESSIMISTIC_WRITE);
      if (call == null) {
        throw LifecycleFailure.NOT_FOUND.failure("no margin call " + extension.callId());
      }
      Instant now = clock.instant();
      em.createNativeQuery(
              "INSERT INTO margin_call_extension (id, margin_call_id, extend_by, extend_by_ms,"
                  + " previous_deadline, new_deadline, granted_by, reason, granted_at) VALUES"
                  + " (:id, :c, :by, :ms, :prev, :next, :actor, :reason, :now) ON CONFLICT (id)"
                  + " DO NOTHING")
          .setParameter("id", extension.extensionId())
          .setParameter("c", extension.callId())
          .setParameter("by", extension.extendBy())
          .setParameter("ms", java.time.Duration.parse(extension.extendBy()).toMillis())
          .setParameter("prev", timestamp(extension.previousDeadlineMillis()))
          .setParameter("next", timestamp(extension.newDeadlineMillis()))
          .setParameter("actor", extension.actor())
          .setParameter("reason", extension.reason())
          .setParameter("now", Timestamp.from(now))
          .executeUpdate();
      Instant newDeadline = Instant.ofEpochMilli(extension.newDeadlineMillis());
      // Extensions only ever move the deadline forward, so a retry of an earlier extension that
      // lands after a later one cannot pull the deadline back.
      if (newDeadline.isAfter(call.deadline)) {
        call.deadline = newDeadline;
        call.updatedAt = now;
      }
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("extensionId", extension.extensionId());
      details.put("extendBy", extension.extendBy());
      details.put("totalExtension", extension.totalExtension());
      audit.append(
          AuditRecord.builder(extension.eventKey(), extension.actor(), DEADLINE_EXTENDED)
              .accountId(extension.accountId())
              .marginCallId(extension.callId())
              .reason(extension.reason())
              .before(deadline(extension.previousDeadlineMillis()))
              .after(deadline(extension.newDeadlineMillis()))
              .details(JsonText.write(json, details))
              .workflow(extension.callId(), null)
              .build());
    }
  }

  @Override
  @Transactional
  public void recordWaiverRequest(WaiverRecord waiver) {
    try (LogContext log = LogContext.forCall(waiver.callId(), waiver.accountId())) {
      em.createNativeQuery(
              "INSERT INTO margin_call_waiver (id, margin_call_id, account_id, requested_by,"
                  + " reason, requested_at, status) VALUES (:id, :c, :a, :by, :reason, :now,"
                  + " :pending) ON CONFLICT DO NOTHING")
          .setParameter("id", waiver.waiverId())
          .setParameter("c", waiver.callId())
          .setParameter("a", waiver.accountId())
          .setParameter("by", waiver.requestedBy())
          .setParameter("reason", waiver.reason())
          .setParameter("now", Timestamp.from(clock.instant()))
          .setParameter("pending", WaiverStatus.PENDING.name())
          .executeUpdate();
      if (em.find(MarginCallWaiverEntity.class, waiver.waiverId()) == null) {
        // The workflow allows one pending request per call; the database agrees and says so.
        throw LifecycleFailure.WAIVER_PENDING.failure(
            "another waiver request of " + waiver.callId() + " is still pending");
      }
      audit.append(
          AuditRecord.builder(waiver.eventKey(), waiver.requestedBy(), WAIVER_REQUESTED)
              .accountId(waiver.accountId())
              .marginCallId(waiver.callId())
              .reason(waiver.reason())
              .after(
                  JsonText.write(
                      json, Map.of("waiverId", waiver.waiverId(), "status", WaiverStatus.PENDING)))
              .workflow(waiver.callId(), null)
              .build());
      // A waiver needs a second supervisor: tell them, in the same transaction and once per
      // request, so a retried activity neither loses nor repeats the notice.
      notices.waiverRequested(
          waiver.callId(),
          waiver.accountId(),
          waiver.requestedBy(),
          waiver.reason(),
          waiver.waiverId());
    }
  }

  @Override
  @Transactional
  public void recordWaiverDecision(WaiverDecisionRecord decision) {
    try (LogContext log = LogContext.forCall(decision.callId(), decision.accountId())) {
      MarginCallWaiverEntity waiver =
          em.find(
              MarginCallWaiverEntity.class, decision.waiverId(), LockModeType.PESSIMISTIC_WRITE);
      if (waiver == null) {
        throw LifecycleFailure.NOT_FOUND.failure("no waiver request " + decision.waiverId());
      }
      if (waiver.status == WaiverStatus.PENDING) {
        waiver.status = decision.status();
        waiver.decidedBy = decision.decidedBy();
        waiver.decidedAt = clock.instant();
        waiver.decisionReason = decision.reason();
      } else if (waiver.status != decision.status()) {
        throw LifecycleFailure.INVALID_TRANSITION.failure(
            "waiver " + decision.waiverId() + " is already " + waiver.status);
      }
      Map<String, Object> after = new LinkedHashMap<>();
      after.put("waiverId", waiver.id);
      after.put("status", waiver.status);
      after.put("requestedBy", waiver.requestedBy);
      audit.append(
          AuditRecord.builder(
                  decision.eventKey(), decision.decidedBy(), "WAIVER_" + decision.status())
              .accountId(decision.accountId())
              .marginCallId(decision.callId())
              .reason(decision.reason())
              .before(
                  JsonText.write(
                      json, Map.of("waiverId", waiver.id, "status", WaiverStatus.PENDING)))
              .after(JsonText.write(json, after))
              .workflow(decision.callId(), null)
              .build());
    }
  }

  private String deadline(long millis) {
    return JsonText.write(json, Map.of("deadline", Instant.ofEpochMilli(millis).toString()));
  }

  private static Timestamp timestamp(long millis) {
    return Timestamp.from(Instant.ofEpochMilli(millis));
  }
}
