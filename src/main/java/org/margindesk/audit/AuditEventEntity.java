package org.margindesk.audit;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One row of the audit trail; see migrations/V10__audit_event.sql. Never updated. */
@Entity
@Table(name = "audit_event")
public class AuditEventEntity extends PanacheEntityBase {
  @Id public long seq;

  @Column(nullable = false, unique = true)
  public UUID id;

  @Column(name = "event_key", nullable = false, unique = true)
  public String eventKey;

  @Column(name = "occurred_at", nullable = false)
  public Instant occurredAt;

  @Column(nullable = false)
  public String actor;

  @Column(name = "actor_roles", nullable = false)
  public String actorRoles;

  @Column(nullable = false)
  public String action;

  @Column(name = "account_id")
  public String accountId;

  @Column(name = "margin_call_id")
  public String marginCallId;

  @Column(name = "task_id")
  public String taskId;

  @Column(columnDefinition = "text")
  public String reason;

  @JdbcTypeCode(SqlTypes.JSON)
  @Column(name = "before_state", columnDefinition = "jsonb")
  public String before;

  @JdbcTypeCode(SqlTypes.JSON)
  @Column(name = "after_state", columnDefinition = "jsonb")
  public String after;

  @JdbcTypeCode(SqlTypes.JSON)
  @Column(columnDefinition = "jsonb")
  public String details;

  @Column(name = "workflow_id")
  public String workflowId;

  @Column(name = "run_id")
  public String runId;

  @Column(name = "request_id")
  public String requestId;

  @Column(name = "prev_hash", nullable = false, columnDefinition = "bpchar(64)")
  public String prevHash;

  @Column(nullable = false, columnDefinition = "bpchar(64)")
  public String hash;
}
