package org.margindesk.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One notification in the outbox (migrations V30, V50). Written once per key; the dispatcher moves
 * it through PENDING, DELIVERED or FAILED, and an acknowledgement makes it ACKNOWLEDGED.
 */
@Entity
@Table(name = "notification")
public class NotificationEntity extends PanacheEntityBase {
  @Id public UUID id;

  @Column(nullable = false, unique = true)
  public String key;

  @Column(nullable = false)
  public String type;

  @Column(nullable = false)
  public String recipient;

  @Column(name = "margin_call_id", nullable = false)
  public String marginCallId;

  @Column(name = "account_id", nullable = false)
  public String accountId;

  @JdbcTypeCode(SqlTypes.JSON)
  @Column(columnDefinition = "jsonb", nullable = false)
  public String figures;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;

  @Column(nullable = false)
  public String status;

  @Column(name = "send_no", nullable = false)
  public int sendNo;

  @Column(name = "send_started_at", nullable = false)
  public Instant sendStartedAt;

  @Column(name = "send_attempts", nullable = false)
  public int sendAttempts;

  @Column(name = "next_attempt_at")
  public Instant nextAttemptAt;

  @Column(name = "delivered_at")
  public Instant deliveredAt;

  @Column(name = "failed_at")
  public Instant failedAt;

  @Column(name = "last_error")
  public String lastError;

  @Column(name = "ack_due_at")
  public Instant ackDueAt;

  @Column(name = "acknowledged_at")
  public Instant acknowledgedAt;

  @Column(name = "acknowledged_by")
  public String acknowledgedBy;
}
