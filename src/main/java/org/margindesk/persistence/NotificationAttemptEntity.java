package org.margindesk.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One delivery attempt of a notification on one channel (migration V50). */
@Entity
@Table(name = "notification_attempt")
public class NotificationAttemptEntity extends PanacheEntityBase {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "notification_id", nullable = false)
  public UUID notificationId;

  @Column(nullable = false)
  public String channel;

  @Column(name = "send_no", nullable = false)
  public int sendNo;

  @Column(name = "attempt_no", nullable = false)
  public int attemptNo;

  @Column(name = "attempted_at", nullable = false)
  public Instant attemptedAt;

  @Column(nullable = false)
  public String outcome;

  @Column(name = "status_code")
  public Integer statusCode;

  public String error;
}
