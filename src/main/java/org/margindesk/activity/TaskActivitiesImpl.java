package org.margindesk.activity;

import com.fasterxml.jackson.core.JsonProcessingException;
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
import org.margindesk.config.LifecycleSettings;
import org.margindesk.domain.ExchangeEffect;
import org.margindesk.domain.ExchangeRefusal;
import org.margindesk.domain.TaskRules;
import org.margindesk.domain.TaskStatus;
import org.margindesk.domain.TaskVerdict;
import org.margindesk.metrics.MarginDeskMetrics;
import org.margindesk.notification.SupervisorNotices;
import org.margindesk.persistence.OperatorTaskEntity;
import org.margindesk.workflow.messages.values.LifecycleFailure;

@ApplicationScoped
public class TaskActivitiesImpl implements TaskActivities {
  private final EntityManager em;
  private final AuditTrail audit;
  private final LifecycleSettings settings;
  private final Clock clock;
  private final ObjectMapper json;
  private final SupervisorNotices notices;
  private final MarginDeskMetrics metrics;
  private final CallRecordActivities records;

  TaskActivitiesImpl(
      EntityManager em,
      AuditTrail audit,
      LifecycleSettings settings,
      Clock clock,
      ObjectMapper json,
      SupervisorNotices notices,
      MarginDeskMetrics metrics,
      CallRecordActivities records) {
    this.records = records;
    this.em = em;
    this.audit = audit;
    this.settings = settings;
    this.clock = clock;
    this.json = json;
    this.notices = notices;
    this.metrics = metrics;
  }

  @Override
  @Transactional
  public TaskStatus openTask(TaskRequest request) {
    if (request.stepStarted() != null) {
      // Joins this transaction: the step is on record as started exactly when its task exists.
      records.recordProgress(request.stepStarted());
    }
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
    audit.append(
        AuditRecord.builder(request.taskId() + ":created", AuditRecord.SYSTEM, "TASK_CREATED")
            .accountId(request.accountId())
            .marginCallId(request.callId())
            .taskId(request.taskId())
            .details(JsonText.write(json, created(request, task)))
            .workflow(request.callId(), null)
            .build());
    return task.status;
  }

  @Override
  @Transactional
  public void completeTask(TaskDone done) {
    OperatorTaskEntity task =
        em.find(OperatorTaskEntity.class, done.taskId(), LockModeType.PESSIMISTIC_WRITE);
    if (task == null) {
      throw LifecycleFailure.NOT_FOUND.failure("no operator task " + done.taskId());
    }
    requireJsonObject(done.evidenceJson());
    TaskVerdict verdict =
        TaskRules.workflowCompletion(
            task.facts(), done.actor(), done.approvedBy(), done.claimRequired());
    if (verdict.refused()) {
      // Non-retryable: the workflow update fails, the task stays awaited and the caller hears why.
      throw LifecycleFailure.INVALID_TRANSITION.failure(
          "task " + done.taskId() + " cannot be completed: " + verdict.reason());
    }
    if (!verdict.applies()) {
      // Already done: this is a retry of the attempt that did it, whose audit record is stored.
      return;
    }
    boolean approval = done.approvedBy() != null;
    String before = state(task);
    task.status = TaskStatus.DONE;
    if (approval) {
      // The completer's note and evidence were stored when the task went to approval.
      task.approvedBy = done.approvedBy();
    } else {
      task.completedBy = done.actor();
      task.completedAt = clock.instant();
      task.note = done.note();
      task.evidence = done.evidenceJson();
      task.resolution = done.resolution();
    }
    em.flush();
    audit.append(
        approval
            ? AuditRecord.builder(done.taskId() + ":approved", done.approvedBy(), "TASK_APPROVED")
                .accountId(done.accountId())
                .marginCallId(done.callId())
                .taskId(done.taskId())
                .before(before)
                .after(state(task))
                .workflow(done.callId(), null)
                .build()
            : completed(done, before, state(task)));
  }

  private static AuditRecord completed(TaskDone done, String before, String after) {
    return AuditRecord.builder(done.taskId() + ":completed", done.actor(), "TASK_COMPLETED")
        .accountId(done.accountId())
        .marginCallId(done.callId())
        .taskId(done.taskId())
        .reason(done.note())
        .before(before)
        .after(after)
        .details(done.evidenceJson())
        .workflow(done.callId(), null)
        .build();
  }

  private String state(OperatorTaskEntity task) {
    Map<String, Object> state = task.auditState();
    // A completion records how an EXCHANGE_REFUSED task was resolved, too.
    if (task.resolution != null) {
      state.put("resolution", task.resolution);
    }
    return JsonText.write(json, state);
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

  /** Malformed evidence must fail once, not be retried forever against the jsonb column. */
  private void requireJsonObject(String evidence) {
    if (evidence == null || evidence.isBlank()) {
      return;
    }
    try {
      if (json.readTree(evidence).isObject()) {
        return;
      }
    } catch (JsonProcessingException e) {
      // reported below
    }
    throw LifecycleFailure.INVALID_INPUT.failure("evidence must be a JSON object");
  }
}
