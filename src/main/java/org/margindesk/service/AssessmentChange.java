package org.margindesk.service;

import java.math.BigDecimal;
import java.time.Instant;
import org.margindesk.domain.Assessment;
import org.margindesk.domain.PolicyEvaluation;

/**
 * A snapshot changed an account's assessment. Only changes reach the lifecycle, which keeps every
 * workflow's history small however many snapshots arrive.
 *
 * @param maintenanceMarginRatio to 8 places, for the call's figures and the audit trail; the
 *     decision was made on the exact value
 * @param snapshotId the stored snapshot that caused the change, for the audit trail
 */
public record AssessmentChange(
    String accountId,
    Assessment previous,
    PolicyEvaluation evaluation,
    BigDecimal collateralBalance,
    BigDecimal maintenanceMarginRatio,
    Instant asOf,
    String snapshotId) {

  public Assessment current() {
    return evaluation.assessment();
  }
}
