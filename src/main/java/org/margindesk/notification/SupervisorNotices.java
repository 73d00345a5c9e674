package org.margindesk.notification;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.margindesk.config.JsonText;
import org.margindesk.persistence.MarginCallEntity;

/**
 * Notices for supervisors, written to the notification outbox in the caller's transaction and
 * delivered like every notification (webhook with {@code recipient=SUPERVISORS}, e-mail to {@code
 * margin-desk.notifications.supervisors.emails}, log). Each is keyed, so a retried caller writes
 * one notice. Every notice carries the call's figures (CAB, thresholds, shortfall, deadline,
 * status) next to its own.
 */
@ApplicationScoped
public class SupervisorNotices {
  private final NotificationOutbox outbox;
  private final EntityManager em;
  private final ObjectMapper json;

  SupervisorNotices(NotificationOutbox outbox, EntityManager em, ObjectMapper json) {
    this.outbox = outbox;
    this.em = em;
    this.json = json;
  }

  /**
   * An operator task passed its SLA. One notice per task and escalation level, so a task that stays
   * overdue and escalates again produces a new notice.
   *
   * @param assignee the operator who claimed the task, or null while nobody has
   */
  @Transactional
  public Enqueued taskOverdue(
      String taskId,
      String callId,
      String accountId,
      String taskType,
      Instant dueAt,
      int escalationLevel,
      String assignee) {
    Map<String, String> figures = callFigures(callId);
    figures.put("taskId", taskId);
    figures.put("taskType", taskType);
    figures.put("dueAt", dueAt.toString());
    figures.put("escalationLevel", Integer.toString(escalationLevel));
    if (assignee != null) {
      figures.put("assignee", assignee);
    }
    return outbox.enqueue(
        "task:" + taskId + ":overdue:" + escalationLevel,
        SupervisorNoticeType.TASK_OVERDUE.name(),
        Recipient.SUPERVISORS,
        callId,
        accountId,
        figures);
  }

  /**
   * A supervisor asked to waive a call; a second, different supervisor must decide.
   *
   * @param requestId the waiver request's own id, so each request is announced once
   */
  @Transactional
  public Enqueued waiverRequested(
      String callId, String accountId, String requestedBy, String reason, String requestId) {
    Map<String, String> figures = callFigures(callId);
    figures.put("requestedBy", requestedBy);
    figures.put("reason", reason == null ? "" : reason);
    figures.put("requestId", requestId);
    figures.put("approvalNeeded", "a second supervisor other than " + requestedBy);
    return outbox.enqueue(
        callId + ":waiver-requested:" + requestId,
        SupervisorNoticeType.WAIVER_REQUESTED.name(),
        Recipient.SUPERVISORS,
        callId,
        accountId,
        figures);
  }

  /**
   * The exchange refused an effect of a call; an EXCHANGE_REFUSED task is open for it. One notice
   * per task (each attempt of the effect is a task of its own).
   *
   * @param details the exchange's answer, the effect and its idempotency key, as on the task
   */
  @Transactional
  public Enqueued exchangeRefused(
      String taskId, String callId, String accountId, Map<String, String> details) {
    Map<String, String> figures = callFigures(callId);
    figures.put("taskId", taskId);
    figures.put("taskType", "EXCHANGE_REFUSED");
    if (details != null) {
      details.forEach((name, value) -> figures.put(name, value == null ? "" : value));
    }
    return outbox.enqueue(
        "task:" + taskId + ":exchange-refused",
        SupervisorNoticeType.EXCHANGE_REFUSED.name(),
        Recipient.SUPERVISORS,
        callId,
        accountId,
        figures);
  }

  /** The figures the call opened with, its deadline and status; empty for an unknown call. */
  private Map<String, String> callFigures(String callId) {
    Map<String, String> figures = new LinkedHashMap<>();
    MarginCallEntity call = em.find(MarginCallEntity.class, callId);
    if (call == null) {
      return figures;
    }
    figures.putAll(JsonText.read(json, call.figures, new TypeReference<Map<String, String>>() {}));
    figures.put("deadline", call.deadline.toString());
    figures.put("status", call.status.name());
    return figures;
  }
}
