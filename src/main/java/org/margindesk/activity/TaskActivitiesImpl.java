package org.margindesk.activity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.Map;
import org.margindesk.audit.AuditRecord;
import org.margindesk.audit.AuditTrail;
import org.margindesk.config.JsonText;
import org.margindesk.domain.TaskRules;
import org.margindesk.domain.TaskStatus;
import org.margindesk.domain.TaskVerdict;
import org.margindesk.persistence.OperatorTaskEntity;
import org.margindesk.workflow.messages.values.LifecycleFailure;

@ApplicationScoped
public class TaskActivitiesImpl implements TaskActivities {
  private final EntityManager em;
  private final AuditTrail audit;
  private final Clock clock;
  private final ObjectMapper json;
  private final CallRecordActivities records;
  private final OperatorTaskRows rows;

  TaskActivitiesImpl(
      EntityManager em,
      AuditTrail audit,
      Clock clock,
      ObjectMapper json,
      CallRecordActivities records,
      OperatorTaskRows rows) {
    this.em = em;
    this.audit = audit;
    this.clock = clock;
    this.json = json;
    this.records = records;
    this.rows = rows;
  }

  @Override
  @Transactional
  public TaskStatus openTask(TaskRequest request) {
    if (request.stepStarted() != null) {
      // Joins this transaction: the step is on record as started exactly when its task exists.
      records.recordProgress(request.stepStarted());
    }
    return rows.open(request);
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
