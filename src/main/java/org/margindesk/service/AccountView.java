package org.margindesk.service;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.margindesk.domain.Money;
import org.margindesk.gateway.AccountControls;
import org.margindesk.persistence.AccountRiskEntity;

/** An account as the API shows it: facility, latest risk, the exchange's controls, open call. */
public record AccountView(
    String accountId,
    FacilityView facility,
    LatestRisk latestRisk,
    AccountControls restrictions,
    @Schema(nullable = true) String openMarginCallId) {

  /** The latest figures ingested for the account; null (the whole object) before the first. */
  @Schema(nullable = true)
  public record LatestRisk(
      @Schema(nullable = true) String collateralBalance,
      @Schema(nullable = true) String maintenanceMarginRatio,
      String asOf,
      String assessment) {

    /**
     * @return the figures, or null before the first snapshot was applied
     */
    static LatestRisk of(AccountRiskEntity risk) {
      if (risk == null || risk.asOf == null) {
        return null;
      }
      return new LatestRisk(
          plain(risk.collateralBalance),
          plain(risk.maintenanceMarginRatio),
          risk.asOf.toString(),
          risk.assessment);
    }

    private static String plain(java.math.BigDecimal value) {
      return value == null ? null : Money.format(value.stripTrailingZeros());
    }
  }
}
