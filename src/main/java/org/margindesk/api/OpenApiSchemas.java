package org.margindesk.api;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.margindesk.domain.SupervisorRules;

/**
 * The shapes of the request bodies, for the OpenAPI document only. The resources read their bodies
 * as text and validate them field by field (FacilityRequests, MarginCallRequests, TaskRequests,
 * NativeSnapshotParser), so that every bad field is reported at once; these records describe what
 * those readers accept and are never deserialized. A decimal is a JSON number or a decimal string:
 * the readers take both.
 */
public final class OpenApiSchemas {
  private OpenApiSchemas() {}

  @Schema(name = "FacilityRequest", description = "A Margin+ facility; PUT replaces it whole.")
  public record Facility(
      @Schema(
              required = true,
              description = "M+, the amount lent: a positive decimal, at most 8 places",
              oneOf = {String.class, BigDecimal.class})
          Object marginPlusAmount,
      @Schema(required = true, description = "Letters and digits, e.g. USDT", maxLength = 16)
          String asset,
      @Schema(
              description =
                  "The account's alias in exchange events (Binance field i); defaults to the"
                      + " account id",
              maxLength = 64)
          String exchangeAlias,
      @Schema(description = "Where holder notifications are e-mailed", maxLength = 254)
          String contactEmail,
      @Schema(description = "Per-facility overrides; a value left out takes the default")
          PolicyOverrides policy) {}

  @Schema(name = "PolicyOverridesRequest")
  public record PolicyOverrides(
      @Schema(
              description = "Positive decimal, e.g. 1.25",
              oneOf = {String.class, BigDecimal.class})
          Object minTopUpRatio,
      @Schema(
              description = "Positive decimal, e.g. 1.10",
              oneOf = {String.class, BigDecimal.class})
          Object terminationRatio,
      @Schema(
              description = "Positive decimal, e.g. 10",
              oneOf = {String.class, BigDecimal.class})
          Object mmrMarginCall,
      @Schema(
              description = "Positive decimal, e.g. 5",
              oneOf = {String.class, BigDecimal.class})
          Object mmrLiquidation,
      @Schema(description = "ISO-8601 duration from PT1M to P7D, e.g. PT12H")
          String remediationWindow,
      @Schema(description = "ISO-8601 duration from PT0S (no extensions) to P7D")
          String maxExtension) {}

  @Schema(
      name = "RiskSnapshotRequest",
      description =
          "One native risk snapshot. At least one of collateralBalance and maintenanceMarginRatio;"
              + " the other keeps its last known value.")
  public record RiskSnapshot(
      @Schema(
              required = true,
              description = "Unique per account; a repeat is a duplicate",
              maxLength = 64)
          String eventId,
      @Schema(required = true, maxLength = 64) String accountId,
      @Schema(required = true, description = "ISO-8601 UTC time the figures are valid at")
          String asOf,
      @Schema(
              description = "CAB: a decimal",
              oneOf = {String.class, BigDecimal.class})
          Object collateralBalance,
      @Schema(
              description = "MMR: a decimal",
              oneOf = {String.class, BigDecimal.class})
          Object maintenanceMarginRatio) {}

  @Schema(
      name = "RiskSnapshotBatchRequest",
      description = "1 to 1,000 snapshots; a bare JSON array of snapshots is accepted too.")
  public record RiskSnapshotBatch(
      @Schema(required = true, minItems = 1, maxItems = RiskSnapshotResource.MAX_BATCH)
          List<RiskSnapshot> items) {}

  @Schema(
      name = "WhatIfRequest",
      description =
          "A snapshot to evaluate without effect; eventId is optional and asOf defaults to now.")
  public record WhatIf(
      @Schema(description = "Given, it is checked for being a duplicate", maxLength = 64)
          String eventId,
      @Schema(required = true, maxLength = 64) String accountId,
      @Schema(description = "ISO-8601 UTC; left out, the account as it is now") String asOf,
      @Schema(
              description = "CAB: a decimal",
              oneOf = {String.class, BigDecimal.class})
          Object collateralBalance,
      @Schema(
              description = "MMR: a decimal",
              oneOf = {String.class, BigDecimal.class})
          Object maintenanceMarginRatio) {}

  @Schema(name = "ExtensionRequest")
  public record Extension(
      @Schema(required = true, description = "Positive ISO-8601 duration, e.g. PT6H")
          String extendBy,
      @Schema(required = true, maxLength = SupervisorRules.MAX_REASON_LENGTH) String reason) {}

  @Schema(name = "ReasonRequest")
  public record Reason(
      @Schema(required = true, maxLength = SupervisorRules.MAX_REASON_LENGTH) String reason) {}

  @Schema(name = "OptionalReasonRequest")
  public record OptionalReason(
      @Schema(maxLength = SupervisorRules.MAX_REASON_LENGTH) String reason) {}

  @Schema(name = "TaskRejectionRequest")
  public record TaskRejection(@Schema(required = true, maxLength = 2000) String reason) {}

  @Schema(
      name = "TaskCompletionRequest",
      description =
          "Every field optional, and so is the body, except that an EXCHANGE_REFUSED task needs a"
              + " resolution (and DONE_BY_HAND needs evidence).")
  public record TaskCompletion(
      @Schema(maxLength = 2000) String note,
      @Schema(
              description =
                  "Any JSON object, e.g. {\"closingOrderIds\":[…]} or {\"transferReference\":…};"
                      + " at most 16,000 characters")
          Map<String, Object> evidence,
      @Schema(
              enumeration = {"RETRY", "DONE_BY_HAND"},
              description =
                  "EXCHANGE_REFUSED tasks only: RETRY sends the refused request again with the"
                      + " same idempotency key; DONE_BY_HAND carries on as if the exchange had"
                      + " done it (evidence required)")
          String resolution) {}
}
