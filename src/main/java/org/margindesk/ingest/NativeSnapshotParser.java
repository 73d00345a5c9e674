package org.margindesk.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Set;
import org.margindesk.domain.Ratio;
import org.margindesk.domain.Refusal;

/** Validates a native snapshot body: {eventId, accountId, asOf, collateralBalance?, mmr?}. */
public final class NativeSnapshotParser {
  public static final int MAX_ID_LENGTH = 64;

  /** Either figure may be left out, since the other keeps its last known value; not both. */
  public static final String AT_LEAST_ONE_FIGURE =
      "at least one of collateralBalance and maintenanceMarginRatio is required";

  private static final Set<String> FIELDS =
      Set.of("eventId", "accountId", "asOf", "collateralBalance", "maintenanceMarginRatio");

  /**
   * A validated native snapshot, addressed to an account by its id.
   *
   * @param asOfGiven false for a what-if that left asOf out: it asks about the account as it is
   *     now, so it is never stale
   */
  public record NativeSnapshot(String accountId, RiskSnapshot snapshot, boolean asOfGiven) {}

  private NativeSnapshotParser() {}

  /**
   * @param forWhatIf a what-if needs no eventId and defaults asOf to the clock's {@code now}
   * @param clock the service's time and how far ahead of it asOf may be
   * @throws Refusal 400 with one field error per bad field
   */
  public static NativeSnapshot parse(JsonNode body, boolean forWhatIf, ClockSkew clock) {
    JsonInput.requireObject(body, null);
    FieldReader fields = new FieldReader(body);
    fields.rejectUnknown(FIELDS);
    String eventId =
        forWhatIf
            ? fields.optionalString("eventId", MAX_ID_LENGTH)
            : fields.requiredString("eventId", MAX_ID_LENGTH);
    String accountId = fields.requiredString("accountId", MAX_ID_LENGTH);
    Instant asOf =
        forWhatIf && !fields.isPresent("asOf") ? clock.now() : fields.requiredInstant("asOf");
    clock.check(fields, "asOf", asOf);
    BigDecimal cab = fields.optionalDecimal("collateralBalance", false, FieldReader.MAX_SCALE);
    BigDecimal mmr = fields.optionalDecimal("maintenanceMarginRatio", false, FieldReader.MAX_SCALE);
    if (!fields.isPresent("collateralBalance") && !fields.isPresent("maintenanceMarginRatio")) {
      fields.error("collateralBalance", AT_LEAST_ONE_FIGURE);
      fields.error("maintenanceMarginRatio", AT_LEAST_ONE_FIGURE);
    }
    boolean asOfGiven = fields.isPresent("asOf");
    fields.throwIfErrors();
    return snapshot(eventId, accountId, asOf, asOfGiven, cab, mmr);
  }

  /** A snapshot from fields already checked, one by one and together. */
  public static NativeSnapshot snapshot(
      String eventId,
      String accountId,
      Instant asOf,
      boolean asOfGiven,
      BigDecimal collateralBalance,
      BigDecimal maintenanceMarginRatio) {
    return new NativeSnapshot(
        accountId,
        new RiskSnapshot(
            SnapshotSource.NATIVE,
            eventId,
            null,
            asOf,
            collateralBalance,
            maintenanceMarginRatio == null ? null : Ratio.of(maintenanceMarginRatio),
            null),
        asOfGiven);
  }
}
