package org.margindesk.api.request;

import java.math.BigDecimal;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The shapes of the native snapshot bodies, for the OpenAPI document only. These endpoints keep the
 * raw payload (it is stored as it came, for evidence), so they parse it as a tree ({@code
 * ingest/NativeSnapshotParser}) rather than bind it; a batch answers each item on its own, so one
 * bad item cannot spoil the rest. A decimal is a JSON number or a decimal string. The what-if
 * stores nothing and is bound to {@code request/WhatIfRequest}.
 */
public final class RawSnapshotBodies {
  private RawSnapshotBodies() {}

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
      @Schema(required = true, minItems = 1, maxItems = RiskSnapshotBatch.MAX_ITEMS)
          List<RiskSnapshot> items) {
    /** The most snapshots one batch request may carry. */
    public static final int MAX_ITEMS = 1000;
  }
}
