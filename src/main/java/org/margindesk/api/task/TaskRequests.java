package org.margindesk.api.task;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import org.margindesk.domain.ExchangeRefusal;
import org.margindesk.ingest.FieldReader;
import org.margindesk.ingest.JsonInput;

/** Validates the bodies of the task actions field by field. */
public final class TaskRequests {
  static final int MAX_TEXT = 2000;
  static final int MAX_EVIDENCE_CHARS = 16_000;

  private TaskRequests() {}

  /**
   * @param evidenceJson the evidence object as JSON text, or null
   */
  public record Completion(
      String note, String evidenceJson, ExchangeRefusal.Resolution resolution) {}

  /** An empty body completes with neither note nor evidence. */
  public static Completion completion(String body) {
    if (body == null || body.isBlank()) {
      return new Completion(null, null, null);
    }
    JsonNode root = JsonInput.requireObject(JsonInput.parse(body), null);
    FieldReader fields = new FieldReader(root);
    fields.rejectUnknown(Set.of("note", "evidence", "resolution"));
    String note = fields.optionalString("note", MAX_TEXT);
    ExchangeRefusal.Resolution resolution = null;
    String resolutionName = fields.optionalString("resolution", 32);
    if (resolutionName != null) {
      try {
        resolution = ExchangeRefusal.Resolution.valueOf(resolutionName);
      } catch (IllegalArgumentException e) {
        fields.error("resolution", "must be RETRY or DONE_BY_HAND");
      }
    }
    String evidence = null;
    if (fields.isPresent("evidence")) {
      JsonNode value = fields.raw("evidence");
      if (!value.isObject()) {
        fields.error(
            "evidence",
            "must be a JSON object, e.g. {\"closingOrderIds\":[\"…\"]} or"
                + " {\"transferReference\":\"…\"}");
      } else {
        evidence = value.toString();
        if (evidence.length() > MAX_EVIDENCE_CHARS) {
          fields.error("evidence", "must be at most " + MAX_EVIDENCE_CHARS + " characters of JSON");
          evidence = null;
        }
      }
    }
    fields.throwIfErrors();
    return new Completion(note, evidence, resolution);
  }

  public static String rejectionReason(String body) {
    JsonNode root = JsonInput.requireObject(JsonInput.parse(body), null);
    FieldReader fields = new FieldReader(root);
    fields.rejectUnknown(Set.of("reason"));
    String reason = fields.requiredString("reason", MAX_TEXT);
    fields.throwIfErrors();
    return reason;
  }
}
