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
import java.util.Map;
import org.margindesk.audit.AuditRecord;
import org.margindesk.audit.AuditTrail;
import org.margindesk.config.LifecycleSettings;
import org.margindesk.persistence.OperatorTaskEntity;
import org.margindesk.workflow.LifecycleFailure;

@ApplicationScoped
public class TaskActivitiesImpl implements TaskActivities {
  private final EntityManager em;
  private final AuditTrail audit;
  private final LifecycleSettings settings;
  private final Clock clock;
  private final ObjectMapper json;

  TaskActivitiesImpl(
      EntityManager em,
      AuditTrail audit,
      LifecycleSettings settings,
      Clock clock,
      ObjectMapper json) {
    this.em = em;
    this.audit = audit;
    this.settings = settings;
    this.clock = clock;
    this.json = json;
  }

  @Override
  @Transactional
  public String openTask(TaskRequest request) {
    Instant now = clock.instant();
    em.createNativeQuery(
            "INSERT INTO operator_task (id, margin_call_id, account_id, type, status, created_at,"
                + " due_at, escalation_level) VALUES (:id, :c, :a, :t, 'OPEN', :now, :due, 0) ON"
                + " CONFLICT (id) DO NOTHING")
        .setParameter("id", request.taskId())
        .setParameter("c", request.callId())
        .setParameter("a", request.accountId())
        .setParameter("t", request.type())
        .setParameter("now", Timestamp.from(now))
        .setParameter("due", Timestamp.from(now.plus(settings.taskSla(request.type()))))
        .executeUpdate();
    OperatorTaskEntity task = em.find(OperatorTaskEntity.class, request.taskId());
    audit.append(
        AuditRecord.builder(request.taskId() + ":created", AuditRecord.SYSTEM, "TASK_CREATED")
            .accountId(request.accountId())
            .marginCallId(request.callId())
            .taskId(request.taskId())
            .details(
                Json.write(json, Map.of("type", request.type(), "dueAt", task.dueAt.toString())))
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
    if (!OperatorTaskEntity.DONE.equals(task.status)) {
      task.status = OperatorTaskEntity.DONE;
      task.completedBy = done.actor();
      task.completedAt = clock.instant();
      task.note = done.note();
      task.evidence = done.evidenceJson();
    }
    audit.append(
        AuditRecord.builder(done.taskId() + ":completed", done.actor(), "TASK_COMPLETED")
            .accountId(done.accountId())
            .marginCallId(done.callId())
            .taskId(done.taskId())
            .reason(done.note())
            .details(done.evidenceJson())
            .workflow(done.callId(), null)
            .build());
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
