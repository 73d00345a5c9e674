package org.margindesk.request;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import jakarta.validation.constraints.NotNull;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.margindesk.domain.Refusal;
import org.margindesk.ingest.ClockSkew;
import org.margindesk.ingest.NativeSnapshotParser;
import org.margindesk.ingest.NativeSnapshotParser.NativeSnapshot;

/**
 * A native snapshot to evaluate without effect. Bound rather than parsed as a tree: nothing of it
 * is stored, so the raw payload need not be kept. The field limits and words are the snapshot
 * parser's, so a what-if is refused as the snapshot it describes would be.
 */
@Schema(
    name = "WhatIfRequest",
    description =
        "A snapshot to evaluate without effect; eventId is optional and asOf defaults to now.")
public record WhatIfRequest(
    @Schema(
            description = "Given, it is checked for being a duplicate",
            maxLength = NativeSnapshotParser.MAX_ID_LENGTH)
        @Text(max = NativeSnapshotParser.MAX_ID_LENGTH)
        String eventId,
    @Schema(required = true, maxLength = NativeSnapshotParser.MAX_ID_LENGTH)
        @NotNull(message = Requests.REQUIRED)
        @Text(max = NativeSnapshotParser.MAX_ID_LENGTH)
        String accountId,
    @Schema(description = "ISO-8601 UTC; left out, the account as it is now") @IsoInstant
        String asOf,
    @Schema(
            description = "CAB: a decimal",
            oneOf = {String.class, BigDecimal.class})
        @JsonDeserialize(using = DecimalReader.class)
        @Decimal(allowZero = true)
        BigDecimal collateralBalance,
    @Schema(
            description = "MMR: a decimal",
            oneOf = {String.class, BigDecimal.class})
        @JsonDeserialize(using = DecimalReader.class)
        @Decimal(allowZero = true)
        BigDecimal maintenanceMarginRatio)
    implements JsonRequest {

  /**
   * The snapshot to evaluate, once Bean Validation has checked each field: asOf, left out, is the
   * clock's now.
   *
   * @throws Refusal invalid when asOf lies beyond the allowed clock skew, or neither figure is
   *     given
   */
  public NativeSnapshot snapshot(ClockSkew clock) {
    List<Refusal.FieldError> errors = new ArrayList<>();
    Instant at = asOf == null ? clock.now() : IsoInstant.Validator.parse(asOf);
    String skew = clock.problem(at);
    if (skew != null) {
      errors.add(new Refusal.FieldError("asOf", skew));
    }
    if (collateralBalance == null && maintenanceMarginRatio == null) {
      errors.add(
          new Refusal.FieldError("collateralBalance", NativeSnapshotParser.AT_LEAST_ONE_FIGURE));
      errors.add(
          new Refusal.FieldError(
              "maintenanceMarginRatio", NativeSnapshotParser.AT_LEAST_ONE_FIGURE));
    }
    if (!errors.isEmpty()) {
      throw Refusal.invalid(errors);
    }
    return NativeSnapshotParser.snapshot(
        eventId, accountId, at, asOf != null, collateralBalance, maintenanceMarginRatio);
  }
}
