package org.margindesk.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.margindesk.domain.PolicyOverrides;

/** A Margin+ facility. Durations are stored as ISO-8601 text (PT12H) so they read well in SQL. */
@Entity
@Table(name = "facility")
public class FacilityEntity extends PanacheEntityBase {
  public static final String ACTIVE = "ACTIVE";
  public static final String CANCELLED = "CANCELLED";

  @Id
  @Column(name = "account_id")
  public String accountId;

  @Column(name = "margin_plus_amount", nullable = false, precision = 38, scale = 8)
  public BigDecimal marginPlusAmount;

  @Column(nullable = false)
  public String asset;

  @Column(name = "exchange_alias", nullable = false, unique = true)
  public String exchangeAlias;

  @Column(name = "contact_email")
  public String contactEmail;

  @Column(nullable = false)
  public String status;

  @Column(name = "min_top_up_ratio", precision = 12, scale = 6)
  public BigDecimal minTopUpRatio;

  @Column(name = "termination_ratio", precision = 12, scale = 6)
  public BigDecimal terminationRatio;

  @Column(name = "mmr_margin_call", precision = 20, scale = 8)
  public BigDecimal mmrMarginCall;

  @Column(name = "mmr_liquidation", precision = 20, scale = 8)
  public BigDecimal mmrLiquidation;

  @Column(name = "remediation_window")
  public String remediationWindow;

  @Column(name = "max_extension")
  public String maxExtension;

  @Column(name = "last_call_number", nullable = false)
  public int lastCallNumber;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  public Instant updatedAt;

  @Version public long version;

  /** The facility's own policy values, each null where the configured default applies. */
  public PolicyOverrides policyOverrides() {
    return new PolicyOverrides(
        minTopUpRatio,
        terminationRatio,
        mmrMarginCall,
        mmrLiquidation,
        remediationWindow == null ? null : Duration.parse(remediationWindow),
        maxExtension == null ? null : Duration.parse(maxExtension));
  }
}
