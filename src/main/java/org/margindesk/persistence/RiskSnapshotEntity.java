package org.margindesk.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One accepted snapshot in the append-only risk history (migrations/V20__risk.sql). */
@Entity
@Table(name = "risk_snapshot")
public class RiskSnapshotEntity extends PanacheEntityBase {
  @Id public UUID id;

  @Column(name = "account_id", nullable = false)
  public String accountId;

  @Column(nullable = false)
  public String source;

  @Column(name = "event_id")
  public String eventId;

  @Column(name = "exchange_alias")
  public String exchangeAlias;

  @Column(name = "exchange_event_type")
  public String exchangeEventType;

  @Column(name = "exchange_event_time")
  public Long exchangeEventTime;

  @Column(name = "exchange_transaction_time")
  public Long exchangeTransactionTime;

  @Column(name = "as_of", nullable = false)
  public Instant asOf;

  @Column(name = "collateral_balance", precision = 38, scale = 8)
  public BigDecimal collateralBalance;

  @Column(name = "maintenance_margin_ratio", precision = 38, scale = 8)
  public BigDecimal maintenanceMarginRatio;

  @Column(nullable = false)
  public boolean stale;

  @Column(nullable = false)
  public String assessment;

  @Column(name = "previous_assessment", nullable = false)
  public String previousAssessment;

  @JdbcTypeCode(SqlTypes.JSON)
  @Column(nullable = false, columnDefinition = "jsonb")
  public String reasons;

  @Column(name = "raw_payload", columnDefinition = "text")
  public String rawPayload;

  @Column(name = "received_at", nullable = false)
  public Instant receivedAt;

  @Column(name = "received_by", nullable = false)
  public String receivedBy;
}
