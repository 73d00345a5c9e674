package org.margindesk.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Supervisor notices as rows of the {@code notification} table (type {@code TASK_OVERDUE}), the
 * outbox that delivery reads. Kept behind {@link SupervisorNotices} so they can move to an outbox
 * of their own without touching the SLA check.
 */
@ApplicationScoped
public class NotificationTableSupervisorNotices implements SupervisorNotices {
  public static final String TASK_OVERDUE = "TASK_OVERDUE";

  private final EntityManager em;
  private final Clock clock;
  private final ObjectMapper json;

  NotificationTableSupervisorNotices(EntityManager em, Clock clock, ObjectMapper json) {
    this.em = em;
    this.clock = clock;
    this.json = json;
  }

  @Override
  @Transactional(Transactional.TxType.MANDATORY)
  public void taskOverdue(OverdueTask task) {
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("taskId", task.taskId());
    figures.put("type", task.type());
    figures.put("dueAt", task.dueAt().toString());
    figures.put("level", task.level());
    figures.put("assignee", task.assignee());
    em.createNativeQuery(
            "INSERT INTO notification (id, key, type, margin_call_id, account_id, figures,"
                + " created_at, status) VALUES (:id, :k, :t, :c, :a, CAST(:f AS jsonb), :now,"
                + " 'PENDING') ON CONFLICT (key) DO NOTHING")
        .setParameter("id", UUID.randomUUID())
        .setParameter("k", task.key())
        .setParameter("t", TASK_OVERDUE)
        .setParameter("c", task.marginCallId())
        .setParameter("a", task.accountId())
        .setParameter("f", write(figures))
        .setParameter("now", Timestamp.from(clock.instant()))
        .executeUpdate();
  }

  private String write(Map<String, Object> figures) {
    try {
      return json.writeValueAsString(figures);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("task figures are not serialisable", e);
    }
  }
}
