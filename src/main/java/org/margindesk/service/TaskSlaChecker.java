package org.margindesk.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.margindesk.audit.AuditKeys;
import org.margindesk.audit.AuditRecord;
import org.margindesk.audit.AuditTrail;
import org.margindesk.config.JsonText;
import org.margindesk.config.MarginDeskConfig;
import org.margindesk.domain.CallStatus;
import org.margindesk.domain.TaskSla;
import org.margindesk.domain.TaskStatus;
import org.margindesk.metrics.MarginDeskMetrics;
import org.margindesk.notification.SupervisorNotices;
import org.margindesk.persistence.OperatorTaskEntity;

/**
 * Escalates operator tasks that are not done in time (levels: see {@link TaskSla}). Each new level
 * raises the task's {@code escalation_level}, appends TASK_OVERDUE to the audit trail and tells the
 * supervisors (and counts the breach once committed), all in one transaction and each keyed by task
 * and level, so a repeated or concurrent check adds nothing.
 *
 * <p>Only tasks of calls still LIQUIDATING are looked at: a task left behind by a call that ended
 * otherwise can no longer be done, and paging supervisors about it every period would only be
 * noise.
 *
 * <p>Escalation never stands in the way of the work: it changes no status, and a task whose row is
 * locked (someone is completing it right now) is skipped and looked at again on the next run.
 */
@ApplicationScoped
public class TaskSlaChecker {
  private static final Logger LOG = Logger.getLogger(TaskSlaChecker.class);

  /** Tasks escalated per transaction-per-task run; the rest wait for the next run. */
  static final int BATCH = 500;

  private final EntityManager em;
  private final AuditTrail audit;
  private final SupervisorNotices notices;
  private final MarginDeskMetrics metrics;
  private final MarginDeskConfig config;
  private final Clock clock;
  private final ObjectMapper json;

  TaskSlaChecker(
      EntityManager em,
      AuditTrail audit,
      SupervisorNotices notices,
      MarginDeskMetrics metrics,
      MarginDeskConfig config,
      Clock clock,
      ObjectMapper json) {
    this.em = em;
    this.audit = audit;
    this.notices = notices;
    this.metrics = metrics;
    this.config = config;
    this.clock = clock;
    this.json = json;
  }

  /** One task reaching one level. */
  public record Escalation(String taskId, String type, int level) {}

  /** Only where workers run, so a pool of API replicas does not repeat the same work. */
  @Scheduled(
      every = "${margin-desk.tasks-sla-check.interval:PT1M}",
      delayed = "${margin-desk.tasks-sla-check.interval:PT1M}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void periodically() {
    if (!config.runsWorkers()) {
      return;
    }
    try {
      check();
    } catch (RuntimeException e) {
      LOG.errorf(e, "Checking operator task SLAs failed; the next run retries");
    }
  }

  /**
   * @return the escalations made by this run
   */
  public List<Escalation> check() {
    Instant now = clock.instant();
    @SuppressWarnings("unchecked")
    List<String> candidates =
        QuarkusTransaction.requiringNew()
            .call(
                () ->
                    em.createNativeQuery(
                            "SELECT t.id FROM operator_task t JOIN margin_call c ON c.id ="
                                + " t.margin_call_id WHERE c.status = :liquidating AND"
                                + " t.status <> :done AND t.due_at <= :now AND t.created_at +"
                                + " (t.escalation_level + 1) * (t.due_at - t.created_at) <= :now"
                                + " ORDER BY t.due_at, t.id LIMIT :batch",
                            String.class)
                        .setParameter("liquidating", CallStatus.LIQUIDATING.name())
                        .setParameter("done", TaskStatus.DONE.name())
                        .setParameter("now", Timestamp.from(now))
                        .setParameter("batch", BATCH)
                        .getResultList());
    List<Escalation> escalations = new ArrayList<>();
    for (String id : candidates) {
      Escalation escalation = QuarkusTransaction.requiringNew().call(() -> escalate(id, now));
      if (escalation != null) {
        escalations.add(escalation);
        LOG.warnf("Operator task %s is overdue: escalation level %d", id, escalation.level());
      }
    }
    return escalations;
  }

  private Escalation escalate(String id, Instant now) {
    @SuppressWarnings("unchecked")
    List<OperatorTaskEntity> locked =
        em.createNativeQuery(
                "SELECT * FROM operator_task WHERE id = :id FOR UPDATE SKIP LOCKED",
                OperatorTaskEntity.class)
            .setParameter("id", id)
            .getResultList();
    if (locked.isEmpty()) {
      return null;
    }
    OperatorTaskEntity task = locked.get(0);
    int level = TaskSla.levelAt(task.createdAt, task.dueAt, now);
    if (task.status == TaskStatus.DONE || level <= task.escalationLevel) {
      return null;
    }
    task.escalationLevel = level;
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("level", level);
    details.put("type", task.type);
    details.put("status", task.status);
    details.put("assignee", task.assignee);
    details.put("dueAt", task.dueAt.toString());
    audit.append(
        AuditRecord.builder(
                AuditKeys.of(task.id, "overdue", Integer.toString(level)),
                AuditRecord.SYSTEM,
                "TASK_OVERDUE")
            .accountId(task.accountId)
            .marginCallId(task.marginCallId)
            .taskId(task.id)
            .reason(
                "not done since "
                    + task.dueAt
                    + "; escalation level "
                    + level
                    + ", the next at "
                    + TaskSla.levelStartsAt(task.createdAt, task.dueAt, level + 1))
            .details(write(details))
            .build());
    notices.taskOverdue(
        task.id, task.marginCallId, task.accountId, task.type, task.dueAt, level, task.assignee);
    metrics.taskSlaBreached(task.type);
    return new Escalation(task.id, task.type, level);
  }

  private String write(Map<String, Object> value) {
    return JsonText.write(json, value);
  }
}
