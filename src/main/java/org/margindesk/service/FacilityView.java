package org.margindesk.service;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.margindesk.domain.Money;
import org.margindesk.domain.PolicyThresholds;
import org.margindesk.persistence.FacilityEntity;

/** A facility as the API returns it and the audit trail records it. */
public record FacilityView(
    String accountId,
    String marginPlusAmount,
    String asset,
    String exchangeAlias,
    @Schema(nullable = true) String contactEmail,
    String status,
    PolicyView policy) {

  /**
   * The effective policy, the amounts it gives for this facility, and which values are the
   * facility's own rather than the configured default.
   */
  public record PolicyView(
      String minTopUpRatio,
      String terminationRatio,
      String mmrMarginCall,
      String mmrLiquidation,
      String remediationWindow,
      String maxExtension,
      String minTopUpBalance,
      String terminationAmount,
      List<String> overridden) {}

  public static FacilityView of(FacilityEntity facility, PolicyThresholds policy) {
    List<String> overridden = new ArrayList<>();
    if (facility.minTopUpRatio != null) {
      overridden.add("minTopUpRatio");
    }
    if (facility.terminationRatio != null) {
      overridden.add("terminationRatio");
    }
    if (facility.mmrMarginCall != null) {
      overridden.add("mmrMarginCall");
    }
    if (facility.mmrLiquidation != null) {
      overridden.add("mmrLiquidation");
    }
    if (facility.remediationWindow != null) {
      overridden.add("remediationWindow");
    }
    if (facility.maxExtension != null) {
      overridden.add("maxExtension");
    }
    return new FacilityView(
        facility.accountId,
        Money.plain(facility.marginPlusAmount),
        facility.asset,
        facility.exchangeAlias,
        facility.contactEmail,
        facility.status,
        new PolicyView(
            Money.plain(policy.minTopUpRatio()),
            Money.plain(policy.terminationRatio()),
            Money.plain(policy.mmrMarginCall()),
            Money.plain(policy.mmrLiquidation()),
            policy.remediationWindow().toString(),
            policy.maxExtension().toString(),
            Money.plain(policy.minTopUpBalance(facility.marginPlusAmount)),
            Money.plain(policy.terminationAmount(facility.marginPlusAmount)),
            overridden));
  }
}
