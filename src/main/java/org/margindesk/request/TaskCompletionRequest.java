package org.margindesk.request;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.margindesk.domain.ExchangeRefusal;

/**
 * An operator completes a task. Every field is optional, and so is the body; whether an
 * EXCHANGE_REFUSED task has its resolution (and DONE_BY_HAND its evidence) is the service's rule.
 */
@Schema(
    name = "TaskCompletionRequest",
    description =
        "Every field optional, and so is the body, except that an EXCHANGE_REFUSED task needs a"
            + " resolution (and DONE_BY_HAND needs evidence).")
public record TaskCompletionRequest(
    @Schema(maxLength = MAX_TEXT) @Text(max = MAX_TEXT) String note,
    @Schema(
            implementation = Map.class,
            description =
                "Any JSON object, e.g. {\"closingOrderIds\":[…]} or {\"transferReference\":…};"
                    + " at most 16,000 characters")
        @MaxJsonLength(MAX_EVIDENCE_CHARS)
        @Storable
        ObjectNode evidence,
    @Schema(
            implementation = String.class,
            enumeration = {"RETRY", "DONE_BY_HAND"},
            description =
                "EXCHANGE_REFUSED tasks only: RETRY sends the refused request again with the"
                    + " same idempotency key; DONE_BY_HAND carries on as if the exchange had done"
                    + " it (evidence required)")
        ExchangeRefusal.Resolution resolution)
    implements JsonRequest.MayBeEmpty {

  public static final int MAX_TEXT = 2000;
  public static final int MAX_EVIDENCE_CHARS = 16_000;

  /** What an absent body means: completed with neither note nor evidence. */
  public static final TaskCompletionRequest EMPTY = new TaskCompletionRequest(null, null, null);

  /** The evidence as the JSON text stored, or null. */
  public String evidenceJson() {
    return evidence == null ? null : evidence.toString();
  }
}
