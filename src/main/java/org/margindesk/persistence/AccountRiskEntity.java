package org.margindesk.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import org.margindesk.domain.LatestFigures;

/**
 * The latest risk of one account (migrations/V20__risk.sql). Its row is the lock that serialises
 * ingestion for the account; {@code asOf} is null until the first snapshot is applied.
 */
@Entity
@Table(name = "account_risk")
public class AccountRiskEntity extends PanacheEntityBase {
  @Id
  @Column(name = "account_id")
  public String accountId;

  @Column(name = "collateral_balance", precision = 38, scale = 8)
  public BigDecimal collateralBalance;

  @Column(name = "maintenance_margin_ratio", precision = 38, scale = 8)
  public BigDecimal maintenanceMarginRatio;

  /** When the newest of the two figures was observed. */
  @Column(name = "as_of")
  public Instant asOf;

  @Column(name = "cab_as_of")
  public Instant cabAsOf;

  @Column(name = "mmr_as_of")
  public Instant mmrAsOf;

  @Column(nullable = false)
  public String assessment;

  @Column(name = "last_snapshot_id")
  public UUID lastSnapshotId;

  @Column(name = "updated_at", nullable = false)
  public Instant updatedAt;

  public LatestFigures figures() {
    return new LatestFigures(collateralBalance, cabAsOf, maintenanceMarginRatio, mmrAsOf);
  }

  public void setFigures(LatestFigures figures) {
    collateralBalance = figures.cab();
    cabAsOf = figures.cabAsOf();
    maintenanceMarginRatio = figures.mmr();
    mmrAsOf = figures.mmrAsOf();
    asOf = figures.latest();
  }
}
