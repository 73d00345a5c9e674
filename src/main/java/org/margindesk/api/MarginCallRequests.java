package org.margindesk.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Set;
import org.margindesk.domain.SupervisorRules;
import org.margindesk.ingest.FieldReader;
import org.margindesk.ingest.JsonInput;

/**
 * Validates the bodies of supervisors' actions field by field. The workflow's validators check the
 * same rules again (they are the authority); checking here first answers a malformed request
 * without a round trip to the workflow.
 */
public final class MarginCallRequests {
  private static final Set<String> EXTENSION_FIELDS = Set.of("extendBy", "reason");
  private static final Set<String> REASON_ONLY = Set.of("reason");
  private static final String DURATION_HINT = "must be a positive ISO-8601 duration such as PT6H";

  public record Extension(Duration extendBy, String reason) {}

  private MarginCallRequests() {}

  /** {@code {"extendBy":"PT6H","reason":"…"}}. */
  public static Extension extension(String body) {
    FieldReader fields = reader(body);
    fields.rejectUnknown(EXTENSION_FIELDS);
    Duration extendBy = null;
    if (!fields.isPresent("extendBy")) {
      fields.error("extendBy", "is required");
    } else {
      extendBy = fields.optionalDuration("extendBy");
      if (extendBy != null && (extendBy.isNegative() || extendBy.isZero())) {
        fields.error("extendBy", DURATION_HINT);
        extendBy = null;
      }
    }
    String reason = fields.requiredString("reason", SupervisorRules.MAX_REASON_LENGTH);
    fields.throwIfErrors();
    return new Extension(extendBy, reason);
  }

  /**
   * {@code {"reason":"…"}}.
   *
   * @param required false where the reason, and then the whole body, may be left out (approving a
   *     waiver)
   */
  public static String reason(String body, boolean required) {
    if (!required && (body == null || body.isBlank())) {
      return null;
    }
    FieldReader fields = reader(body);
    fields.rejectUnknown(REASON_ONLY);
    String reason =
        required
            ? fields.requiredString("reason", SupervisorRules.MAX_REASON_LENGTH)
            : fields.optionalString("reason", SupervisorRules.MAX_REASON_LENGTH);
    fields.throwIfErrors();
    return reason;
  }

  private static FieldReader reader(String body) {
    JsonNode root = JsonInput.requireObject(JsonInput.parse(body), null);
    return new FieldReader(root);
  }
}
