package org.margindesk.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.margindesk.audit.AuditEventEntity;
import org.margindesk.audit.AuditTrail;
import org.margindesk.audit.TimelineEntry;
import org.margindesk.persistence.OperatorTaskEntity;

/** Operator tasks as the API shows them: pages of tasks, and one task with its recent history. */
@ApplicationScoped
public class TaskQueries {
  static final int HISTORY_LENGTH = 20;

  private final EntityManager em;
  private final AuditTrail audit;

  TaskQueries(EntityManager em, AuditTrail audit) {
    this.em = em;
    this.audit = audit;
  }

  /** Up to {@code limit} tasks after {@code after} (null: from the start), by (dueAt, id). */
  @Transactional
  public List<TaskView> list(TaskFilter filter, TaskPosition after, int limit) {
    List<String> where = new ArrayList<>();
    Parameters params = new Parameters();
    if (filter.statuses() != null && !filter.statuses().isEmpty()) {
      where.add("status in :statuses");
      params.and("statuses", filter.statuses());
    }
    equal(where, params, "type", filter.type() == null ? null : filter.type().name());
    equal(where, params, "marginCallId", filter.marginCallId());
    equal(where, params, "accountId", filter.accountId());
    equal(where, params, "assignee", filter.assignee());
    if (after != null) {
      where.add("(dueAt > :afterDue or (dueAt = :afterDue and id > :afterId))");
      params.and("afterDue", after.dueAt()).and("afterId", after.id());
    }
    String query = String.join(" and ", where) + " order by dueAt, id";
    return OperatorTaskEntity.<OperatorTaskEntity>find(query.trim(), params)
        .range(0, limit - 1)
        .list()
        .stream()
        .map(task -> TaskView.of(task, null))
        .toList();
  }

  @Transactional
  public Optional<TaskView> find(String id) {
    OperatorTaskEntity task = em.find(OperatorTaskEntity.class, id);
    return task == null ? Optional.empty() : Optional.of(TaskView.of(task, history(id)));
  }

  /** The task as a change left it, read in a transaction of its own. */
  public TaskView viewAfterChange(String id) {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              OperatorTaskEntity task = em.find(OperatorTaskEntity.class, id);
              return TaskView.of(task, history(id));
            });
  }

  private List<TimelineEntry> history(String id) {
    audit.awaitChained();
    List<TimelineEntry> latest =
        new ArrayList<>(
            AuditEventEntity.<AuditEventEntity>find("taskId = ?1 order by seq desc", id)
                .page(0, HISTORY_LENGTH)
                .list()
                .stream()
                .map(TimelineEntry::of)
                .toList());
    Collections.reverse(latest);
    return latest;
  }

  private static void equal(List<String> where, Parameters params, String field, String value) {
    if (value != null) {
      where.add(field + " = :" + field);
      params.and(field, value);
    }
  }
}
