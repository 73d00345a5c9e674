package org.margindesk.audit;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The canonical form a row's hash is computed over. It must give the same bytes before the insert
 * and after reading the row back, so JSON is re-serialised with sorted keys (PostgreSQL's jsonb
 * reorders keys and drops whitespace) and times are cut to the microseconds PostgreSQL keeps.
 */
public final class AuditHashing {
  public static final String GENESIS = "0".repeat(64);

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
          .build();

  private AuditHashing() {}

  public static Instant storedPrecision(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MICROS);
  }

  public static String hash(AuditEventEntity row) {
    StringBuilder canonical = new StringBuilder();
    field(canonical, "seq", Long.toString(row.seq));
    field(canonical, "id", row.id.toString());
    field(canonical, "eventKey", row.eventKey);
    field(canonical, "occurredAt", storedPrecision(row.occurredAt).toString());
    field(canonical, "actor", row.actor);
    field(canonical, "actorRoles", row.actorRoles);
    field(canonical, "action", row.action);
    field(canonical, "accountId", row.accountId);
    field(canonical, "marginCallId", row.marginCallId);
    field(canonical, "taskId", row.taskId);
    field(canonical, "reason", row.reason);
    field(canonical, "before", canonicalJson(row.before));
    field(canonical, "after", canonicalJson(row.after));
    field(canonical, "details", canonicalJson(row.details));
    field(canonical, "workflowId", row.workflowId);
    field(canonical, "runId", row.runId);
    field(canonical, "requestId", row.requestId);
    field(canonical, "prevHash", row.prevHash);
    return sha256(canonical.toString());
  }

  /** Length-prefixed, so no choice of field values can make two different rows read the same. */
  private static void field(StringBuilder out, String name, String value) {
    out.append(name).append('=');
    if (value == null) {
      out.append("-1:");
    } else {
      out.append(value.length()).append(':').append(value);
    }
    out.append('\n');
  }

  static String canonicalJson(String json) {
    if (json == null) {
      return null;
    }
    try {
      return JSON.writeValueAsString(sorted(JSON.readTree(json)));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("audit JSON field is not valid JSON", e);
    }
  }

  private static JsonNode sorted(JsonNode node) {
    if (node.isObject()) {
      Map<String, JsonNode> fields = new TreeMap<>();
      Iterator<Map.Entry<String, JsonNode>> it = node.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> entry = it.next();
        fields.put(entry.getKey(), sorted(entry.getValue()));
      }
      ObjectNode result = JSON.createObjectNode();
      fields.forEach(result::set);
      return result;
    }
    if (node.isArray()) {
      var array = JSON.createArrayNode();
      node.forEach(element -> array.add(sorted(element)));
      return array;
    }
    return node;
  }

  private static String sha256(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
