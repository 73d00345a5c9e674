package org.margindesk.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A deadline extension granted by a supervisor; see V40__margin_call_extension.sql. */
@Entity
@Table(name = "margin_call_extension")
public class MarginCallExtensionEntity extends PanacheEntityBase {
  @Id public String id;

  @Column(name = "margin_call_id", nullable = false)
  public String marginCallId;

  @Column(name = "extend_by", nullable = false)
  public String extendBy;

  @Column(name = "extend_by_ms", nullable = false)
  public long extendByMillis;

  @Column(name = "previous_deadline", nullable = false)
  public Instant previousDeadline;

  @Column(name = "new_deadline", nullable = false)
  public Instant newDeadline;

  @Column(name = "granted_by", nullable = false)
  public String grantedBy;

  @Column(nullable = false)
  public String reason;

  @Column(name = "granted_at", nullable = false)
  public Instant grantedAt;

  public static List<MarginCallExtensionEntity> forCall(String callId) {
    return list("marginCallId = ?1 order by grantedAt, id", callId);
  }

  /** Every extension of the call added up: what counts against the policy's allowance. */
  public static Duration total(String callId) {
    return Duration.ofMillis(
        forCall(callId).stream().mapToLong(extension -> extension.extendByMillis).sum());
  }
}
