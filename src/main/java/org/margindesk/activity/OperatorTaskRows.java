package org.margindesk.activity;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.margindesk.audit.AuditRecord;
import org.margindesk.audit.AuditTrail;
import org.margindesk.config.JsonText;
import org.margindesk.config.LifecycleSettings;
import org.margindesk.domain.ExchangeEffect;
import org.margindesk.domain.ExchangeRefusal;
import org.margindesk.domain.TaskStatus;
import org.margindesk.metrics.MarginDeskMetrics;
import org.margindesk.notification.SupervisorNotices;
import org.margindesk.persistence.OperatorTaskEntity;
import org.margindesk.workflow.messages.values.LifecycleFailure;

/**
 * Opens an operator task in the caller's transaction: its row (found by id when it is there
 * already), its TASK_CREATED record and, for an exchange's refusal, the supervisors' notice and the
 * count, once per task. Shared by {@link TaskActivities#openTask} and the opening of a call that
 * liquidates at once ({@link CallRecordActivities#recordLiquidatingOpening}).
 */
@ApplicationScoped
class OperatorTaskRows {
  private final EntityManager em;
  private final AuditTrail audit;
  private final LifecycleSettings settings;
  private final Clock clock;
  private final ObjectMapper json;
  private final SupervisorNotices notices;
  private final MarginDeskMetrics metrics;

  OperatorTaskRows(
      EntityManager em,
      AuditTrail audit,
      LifecycleSettings settings,
      Clock clock,
      ObjectMapper json,
      SupervisorNotices notices,
      MarginDeskMetrics metrics) {
    this.em = em;
    this.audit = audit;
    this.settings = settings;
    this.clock = clock;
    this.json = json;
    this.notices = notices;
    this.metrics = metrics;
  }

  /**
   * The task's row and record, written only if they are not there yet; the step's start, if the
   * request carries one, is the caller's to record first.
   *
   * @return the task's status as stored (DONE if an operator completed it while no workflow ran)
   */
  @Transactional(Transactional.TxType.MANDATORY)
  TaskStatus open(TaskRequest request) {
    List<AuditRecord> records = new ArrayList<>(1);
    TaskStatus status = open(request, records);
    audit.appendAll(records);
    return status;
  }

  /** {@link #open(TaskRequest)}, its TASK_CREATED record added to {@code records} to append. */
  @Transactional(Transactional.TxType.MANDATORY)
  TaskStatus open(TaskRequest request, List<AuditRecord> records) {
    Instant now = clock.instant();
    String details = request.details() == null ? null : JsonText.write(json, request.details());
    int created =
        em.createNativeQuery(
                "INSERT INTO operator_task (id, margin_call_id, account_id, type, status,"
                    + " created_at, due_at, escalation_level, details) VALUES (:id, :c, :a, :t,"
                    + " :open, :now, :due, 0, CAST(:d AS jsonb)) ON CONFLICT (id) DO NOTHING")
            .setParameter("id", request.taskId())
            .setParameter("c", request.callId())
            .setParameter("a", request.accountId())
            .setParameter("t", request.type())
            .setParameter("open", TaskStatus.OPEN.name())
            .setParameter("now", Timestamp.from(now))
            .setParameter("due", Timestamp.from(now.plus(settings.taskSla(request.type()))))
            .setParameter("d", details)
            .executeUpdate();
    if (created == 1 && ExchangeRefusal.isRefusal(request.type())) {
      // Once per task: a retried activity finds the row and adds neither notice nor count.
      notices.exchangeRefused(
          request.taskId(), request.callId(), request.accountId(), request.details());
      metrics.exchangeRefused(refusedEffect(request));
    }
    OperatorTaskEntity task = em.find(OperatorTaskEntity.class, request.taskId());
    records.add(
        AuditRecord.builder(request.taskId() + ":created", AuditRecord.SYSTEM, "TASK_CREATED")
            .accountId(request.accountId())
            .marginCallId(request.callId())
            .taskId(request.taskId())
            .details(JsonText.write(json, created(request, task)))
            .workflow(request.callId(), null)
            .build());
    return task.status;
  }

  private static Map<String, Object> created(TaskRequest request, OperatorTaskEntity task) {
    Map<String, Object> created = new LinkedHashMap<>();
    created.put("type", request.type());
    created.put("dueAt", task.dueAt.toString());
    if (request.details() != null) {
      created.put("details", request.details());
    }
    return created;
  }

  private static ExchangeEffect refusedEffect(TaskRequest request) {
    String effect = request.details() == null ? null : request.details().get("effect");
    try {
      return ExchangeEffect.valueOf(String.valueOf(effect));
    } catch (IllegalArgumentException e) {
      throw LifecycleFailure.INVALID_INPUT.failure(
          "an " + request.type() + " task needs a known effect, got " + effect);
    }
  }
}
