package org.margindesk.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.margindesk.domain.WaiverStatus;

/** A waiver request and its decision; see V41__margin_call_waiver.sql. */
@Entity
@Table(name = "margin_call_waiver")
public class MarginCallWaiverEntity extends PanacheEntityBase {
  @Id public String id;

  @Column(name = "margin_call_id", nullable = false)
  public String marginCallId;

  @Column(name = "account_id", nullable = false)
  public String accountId;

  @Column(name = "requested_by", nullable = false)
  public String requestedBy;

  @Column(nullable = false)
  public String reason;

  @Column(name = "requested_at", nullable = false)
  public Instant requestedAt;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  public WaiverStatus status;

  @Column(name = "decided_by")
  public String decidedBy;

  @Column(name = "decided_at")
  public Instant decidedAt;

  @Column(name = "decision_reason")
  public String decisionReason;

  /** When the call's waiver was approved, if it was. */
  public static Optional<Instant> approvedAt(String callId) {
    return MarginCallWaiverEntity.<MarginCallWaiverEntity>find(
            "marginCallId = ?1 and status = ?2", callId, WaiverStatus.APPROVED)
        .firstResultOptional()
        .map(waiver -> waiver.decidedAt);
  }

  public static List<MarginCallWaiverEntity> forCall(String callId) {
    return list("marginCallId = ?1 order by requestedAt, id", callId);
  }

  public static List<MarginCallWaiverEntity> pending(String callId) {
    return list(
        "marginCallId = ?1 and status = ?2 order by requestedAt, id", callId, WaiverStatus.PENDING);
  }
}
