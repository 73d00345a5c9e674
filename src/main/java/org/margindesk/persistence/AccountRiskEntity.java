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
import org.margindesk.domain.Ratio;

/**
 * The latest risk of one account (migrations/V20__risk.sql, V51). Its row is the lock that
 * serialises ingestion for the account; {@code asOf} is null until the first snapshot is applied.
 */
@Entity
@Table(name = "account_risk")
public class AccountRiskEntity extends PanacheEntityBase {
  @Id
  @Column(name = "account_id")
  public String accountId;

  @Column(name = "collateral_balance", precision = 38, scale = 8)
  public BigDecimal collateralBalance;

  /** For display: 8 places. Decisions read {@link #mmr()}. */
  @Column(name = "maintenance_margin_ratio", precision = 38, scale = 8)
  public BigDecimal maintenanceMarginRatio;

  @Column(name = "mmr_numerator")
  public BigDecimal mmrNumerator;

  @Column(name = "mmr_denominator")
  public BigDecimal mmrDenominator;

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
    return new LatestFigures(collateralBalance, cabAsOf, mmr(), mmrAsOf);
  }

  public void setFigures(LatestFigures figures) {
    collateralBalance = figures.cab();
    cabAsOf = figures.cabAsOf();
    mmr(figures.mmr());
    mmrAsOf = figures.mmrAsOf();
    asOf = figures.latest();
  }

  /**
   * The latest MMR, exact (migrations/V51__account_risk_exact_mmr.sql); a row written before V51
   * has only its 8-place value.
   */
  public Ratio mmr() {
    if (mmrNumerator != null) {
      return new Ratio(mmrNumerator, mmrDenominator);
    }
    return maintenanceMarginRatio == null ? null : Ratio.of(maintenanceMarginRatio);
  }

  public void mmr(Ratio value) {
    maintenanceMarginRatio = value == null ? null : value.rounded();
    mmrNumerator = value == null ? null : value.numerator();
    mmrDenominator = value == null ? null : value.denominator();
  }
}
