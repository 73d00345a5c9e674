package org.margindesk.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jboss.logging.MDC;
import org.margindesk.audit.AuditKeys;
import org.margindesk.audit.AuditRecord;
import org.margindesk.audit.AuditTrail;
import org.margindesk.config.JsonText;
import org.margindesk.config.LogContext;
import org.margindesk.domain.ExchangeRefusal;
import org.margindesk.domain.Refusal;
import org.margindesk.domain.TaskRules;
import org.margindesk.domain.TaskStatus;
import org.margindesk.domain.TaskVerdict;
import org.margindesk.persistence.OperatorTaskEntity;
import org.margindesk.workflow.messages.commands.TaskCompletion;

/**
 * Operator tasks: claiming, releasing, completing, and the four-eyes approval of tasks that need
 * it. Reading them is {@link TaskQueries}.
 *
 * <p>Every change takes the task's row lock, asks {@link TaskRules}, applies and audits in one
 * transaction, so two people acting at once are serialised and one of them hears why not. A task is
 * only ever DONE through the call's workflow: the service checks, then sends the {@code
 * completeTask} update, whose activity re-checks under the row lock and marks the task DONE in the
 * same transaction as its audit record. A refused update therefore leaves the task as it was, and a
 * retried request after a lost response finds the task done by the same person and answers as
 * before.
 *
 * <p>Refused attempts on an existing task (403, 409) are audited too, in a transaction of their own
 * so that the refusal is kept while the request fails. Each attempt's key is made here, never from
 * the client's {@code X-Request-Id}: a client that repeats its id would otherwise fold a second
 * refused attempt into the first. The request id is kept in the record's own field.
 */
@ApplicationScoped
public class TaskService {
  private final EntityManager em;
  private final AuditTrail audit;
  private final Clock clock;
  private final CallWorkflows workflows;
  private final ObjectMapper json;
  private final TaskQueries queries;
  private final RefusedAttempts refusedAttempts;

  TaskService(
      EntityManager em,
      AuditTrail audit,
      Clock clock,
      CallWorkflows workflows,
      ObjectMapper json,
      TaskQueries queries,
      RefusedAttempts refusedAttempts) {
    this.em = em;
    this.refusedAttempts = refusedAttempts;
    this.queries = queries;
    this.audit = audit;
    this.clock = clock;
    this.workflows = workflows;
    this.json = json;
  }

  /** What a request asked for; names the audit action of a refusal. */
  enum Attempt {
    CLAIM,
    RELEASE,
    COMPLETION,
    APPROVAL,
    REJECTION
  }

  /** What an applied change records. */
  private record Change(String event, String action, String reason, String details) {}

  private record Outcome(TaskVerdict verdict, OperatorTaskEntity task) {}

  /** Takes an OPEN task; claiming one's own task again changes nothing. */
  public TaskView claim(String id, Actor actor) {
    decide(
        id,
        actor,
        Attempt.CLAIM,
        task -> TaskRules.claim(task, actor.name()),
        task -> {
          task.status = TaskStatus.CLAIMED;
          task.assignee = actor.name();
          task.claimedAt = clock.instant();
          return new Change("claimed", "TASK_CLAIMED", null, null);
        });
    return queries.viewAfterChange(id);
  }

  /** Hands a claimed task back to the pool: by its holder, or by any supervisor. */
  public TaskView release(String id, Actor actor, boolean supervisor) {
    decide(
        id,
        actor,
        Attempt.RELEASE,
        task -> TaskRules.release(task, actor.name(), supervisor),
        task -> {
          String holder = task.assignee;
          task.status = TaskStatus.OPEN;
          task.assignee = null;
          task.claimedAt = null;
          return new Change(
              "released",
              "TASK_RELEASED",
              holder.equals(actor.name()) ? null : "released on behalf of " + holder,
              null);
        });
    return queries.viewAfterChange(id);
  }

  /**
   * The holder reports the work done. A task that needs approval waits for a second person (the
   * workflow is not told yet); any other task is completed through the workflow.
   *
   * @param evidenceJson a JSON object as text, or null
   */
  public TaskView complete(String id, Actor actor, String note, String evidenceJson) {
    return complete(id, actor, note, evidenceJson, null);
  }

  /**
   * As above; an EXCHANGE_REFUSED task needs a resolution (and DONE_BY_HAND needs evidence), any
   * other task takes none: a completion that does not fit is a 400 and changes nothing.
   */
  public TaskView complete(
      String id,
      Actor actor,
      String note,
      String evidenceJson,
      ExchangeRefusal.Resolution resolution) {
    String type =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  OperatorTaskEntity task = em.find(OperatorTaskEntity.class, id);
                  return task == null ? null : task.type;
                });
    if (type != null) {
      ExchangeRefusal.completion(type, resolution, evidenceJson)
          .ifPresent(
              problem -> {
                throw Refusal.invalid(
                    problem.field() + ": " + problem.message(),
                    List.of(new Refusal.FieldError(problem.field(), problem.message())));
              });
    }
    Outcome outcome =
        decide(
            id,
            actor,
            Attempt.COMPLETION,
            task -> TaskRules.complete(task, actor.name()),
            task -> {
              if (!TaskRules.needsApproval(task.type)) {
                // Marked DONE by the workflow's activity, below, or not at all.
                return null;
              }
              task.status = TaskStatus.AWAITING_APPROVAL;
              task.completedBy = actor.name();
              task.completedAt = clock.instant();
              task.note = note;
              task.evidence = evidenceJson;
              return new Change("completed", "TASK_COMPLETED", note, evidenceJson);
            });
    OperatorTaskEntity task = outcome.task();
    if (outcome.verdict().applies() && !TaskRules.needsApproval(task.type)) {
      tellWorkflow(
          task,
          actor,
          Attempt.COMPLETION,
          new TaskCompletion(id, actor.name(), note, evidenceJson, null, true, resolution),
          now -> now.status == TaskStatus.DONE && actor.name().equals(now.completedBy));
    }
    return queries.viewAfterChange(id);
  }

  /**
   * A supervisor other than the completer approves a task awaiting approval; only now does the
   * workflow hear that the task is done.
   */
  public TaskView approve(String id, Actor actor) {
    Outcome outcome =
        decide(id, actor, Attempt.APPROVAL, task -> TaskRules.approve(task, actor.name()), null);
    OperatorTaskEntity task = outcome.task();
    if (outcome.verdict().applies()) {
      tellWorkflow(
          task,
          actor,
          Attempt.APPROVAL,
          new TaskCompletion(id, task.completedBy, task.note, task.evidence, actor.name(), true),
          now -> now.status == TaskStatus.DONE && actor.name().equals(now.approvedBy));
    }
    return queries.viewAfterChange(id);
  }

  /** A supervisor other than the completer sends the task back to OPEN, with a reason. */
  public TaskView reject(String id, Actor actor, String reason) {
    decide(
        id,
        actor,
        Attempt.REJECTION,
        task -> TaskRules.reject(task, actor.name()),
        task -> {
          Map<String, Object> rejected = new LinkedHashMap<>();
          rejected.put("completedBy", task.completedBy);
          rejected.put("completedAt", String.valueOf(task.completedAt));
          task.status = TaskStatus.OPEN;
          task.assignee = null;
          task.claimedAt = null;
          // The rejected completion's note and evidence stay in its TASK_COMPLETED audit record.
          task.completedBy = null;
          task.completedAt = null;
          task.note = null;
          task.evidence = null;
          return new Change("rejected", "TASK_REJECTED", reason, write(rejected));
        });
    return queries.viewAfterChange(id);
  }

  /**
   * Locks the task, asks the rule and, if it says so, applies the change and audits it, all in one
   * transaction. Refusals are audited and thrown after it.
   *
   * @param apply null, or a change that returns null to leave the row alone
   */
  private Outcome decide(
      String id,
      Actor actor,
      Attempt attempt,
      Function<TaskRules.Task, TaskVerdict> rule,
      Function<OperatorTaskEntity, Change> apply) {
    Outcome outcome =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  OperatorTaskEntity task =
                      em.find(OperatorTaskEntity.class, id, LockModeType.PESSIMISTIC_WRITE);
                  if (task == null) {
                    return null;
                  }
                  TaskVerdict verdict = rule.apply(task.facts());
                  if (verdict.applies() && apply != null) {
                    long version = task.version;
                    String before = state(task);
                    Change change = apply.apply(task);
                    if (change != null) {
                      em.flush();
                      audit.append(
                          record(
                                  task,
                                  actor,
                                  // The version names this transition; a new one gets a new key.
                                  AuditKeys.of(id, change.event(), "v" + version),
                                  change.action())
                              .reason(change.reason())
                              .before(before)
                              .after(state(task))
                              .details(change.details())
                              .build());
                    }
                  }
                  return new Outcome(verdict, task);
                });
    if (outcome == null) {
      throw Refusal.notFound("No task '" + id + "'");
    }
    if (outcome.verdict().refused()) {
      throw refuse(outcome.task(), actor, attempt, outcome.verdict());
    }
    return outcome;
  }

  /**
   * Sends the completion to the workflow. A refusal is a 409 unless the task turns out to be done
   * exactly as this request wanted (an identical request got there first).
   */
  private void tellWorkflow(
      OperatorTaskEntity task,
      Actor actor,
      Attempt attempt,
      TaskCompletion completion,
      Predicate<OperatorTaskEntity> alreadyDone) {
    try {
      workflows.update(task.marginCallId, workflow -> workflow.completeTask(completion));
    } catch (CallWorkflows.Refused e) {
      OperatorTaskEntity now =
          QuarkusTransaction.requiringNew().call(() -> em.find(OperatorTaskEntity.class, task.id));
      if (now != null && alreadyDone.test(now)) {
        return;
      }
      throw refuse(
          now == null ? task : now,
          actor,
          attempt,
          TaskVerdict.conflict("the call's workflow refused it: " + e.getMessage()));
    } catch (CallWorkflows.NotRunning | CallWorkflows.Unreachable e) {
      throw Refusal.unavailable(e.getMessage() + ". Nothing was changed; try again shortly.");
    }
  }

  private Refusal refuse(
      OperatorTaskEntity task, Actor actor, Attempt attempt, TaskVerdict verdict) {
    String action =
        verdict.kind() == TaskVerdict.Kind.FOUR_EYES
            ? "TASK_" + attempt + "_REJECTED_FOUR_EYES"
            : "TASK_" + attempt + "_REFUSED";
    String state = state(task);
    refusedAttempts.record(
        task.id,
        "refused",
        attempt.name(),
        action,
        actor,
        record -> about(record, task).reason(verdict.reason()).before(state));
    String detail =
        "Task '"
            + task.id
            + "': "
            + attempt.name().toLowerCase(Locale.ROOT)
            + " refused, "
            + verdict.reason();
    return verdict.kind() == TaskVerdict.Kind.CONFLICT
        ? Refusal.conflict(detail)
        : Refusal.forbidden(detail);
  }

  private AuditRecord.Builder record(
      OperatorTaskEntity task, Actor actor, String key, String action) {
    return about(
        AuditRecord.builder(key, actor.name(), action)
            .actorRoles(actor.roles())
            .requestId(requestId()),
        task);
  }

  private static AuditRecord.Builder about(AuditRecord.Builder record, OperatorTaskEntity task) {
    return record.accountId(task.accountId).marginCallId(task.marginCallId).taskId(task.id);
  }

  private String state(OperatorTaskEntity task) {
    return write(task.auditState());
  }

  private String write(Map<String, Object> value) {
    return JsonText.write(json, value);
  }

  private static String requestId() {
    Object id = MDC.get(LogContext.REQUEST_ID);
    return id == null ? null : id.toString();
  }
}
