package org.margindesk.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.margindesk.domain.TaskRules;
import org.margindesk.domain.TaskStatus;

/**
 * A task for an operator: one per manual liquidation step of a call, and one per attempt of an
 * effect the exchange refused (EXCHANGE_REFUSED).
 */
@Entity
@Table(name = "operator_task")
public class OperatorTaskEntity extends PanacheEntityBase {
  @Id public String id;

  @Column(name = "margin_call_id", nullable = false)
  public String marginCallId;

  @Column(name = "account_id", nullable = false)
  public String accountId;

  @Column(nullable = false)
  public String type;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  public TaskStatus status;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;

  @Column(name = "due_at", nullable = false)
  public Instant dueAt;

  @Column(name = "escalation_level", nullable = false)
  public int escalationLevel;

  public String assignee;

  @Column(name = "claimed_at")
  public Instant claimedAt;

  @Column(name = "completed_by")
  public String completedBy;

  @Column(name = "approved_by")
  public String approvedBy;

  @Column(name = "completed_at")
  public Instant completedAt;

  public String note;

  @JdbcTypeCode(SqlTypes.JSON)
  @Column(columnDefinition = "jsonb")
  public String evidence;

  /** Why the task exists beyond its type: for EXCHANGE_REFUSED, the exchange's answer. */
  @JdbcTypeCode(SqlTypes.JSON)
  @Column(columnDefinition = "jsonb")
  public String details;

  /** How an EXCHANGE_REFUSED task was resolved (RETRY, DONE_BY_HAND); null otherwise. */
  public String resolution;

  @Version public long version;

  /** The task as {@link TaskRules} sees it. */
  public TaskRules.Task facts() {
    return new TaskRules.Task(type, status, assignee, completedBy, approvedBy);
  }

  /**
   * Who holds the task and where it stands, as an audit record's before and after show it (the task
   * service's transitions and refusals, the task activity's completion).
   */
  public Map<String, Object> auditState() {
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("status", status);
    state.put("assignee", assignee);
    state.put("completedBy", completedBy);
    state.put("approvedBy", approvedBy);
    return state;
  }

  public static List<String> doneTaskIds(String callId) {
    return find("marginCallId = ?1 and status = ?2 order by id", callId, TaskStatus.DONE).stream()
        .map(task -> ((OperatorTaskEntity) task).id)
        .toList();
  }
}
