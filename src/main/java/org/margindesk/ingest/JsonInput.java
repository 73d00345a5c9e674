package org.margindesk.ingest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.margindesk.config.JsonMapping;
import org.margindesk.domain.Refusal;
import org.margindesk.domain.StorableText;

/**
 * Parses a body into a Jackson tree with the service's JSON configuration, so that a syntax error
 * reports its line and column, a repeated key is refused, numbers keep every digit (BigDecimal,
 * never double) and a string PostgreSQL cannot store is named. Every body passes here: the payloads
 * kept raw (exchange events, native snapshots) are then read with {@link FieldReader}, and request
 * records are bound from the tree by {@code api/request/JsonRequestReader}.
 */
public final class JsonInput {
  private static final ObjectMapper MAPPER = JsonMapping.MAPPER;

  /** Enough to fix a request; a body full of NULs should not make an answer as large. */
  private static final int MAX_REPORTED = 10;

  private JsonInput() {}

  /**
   * @throws Refusal 400 when the body is empty or not well-formed JSON (the detail says where
   *     parsing stopped), or holds a string PostgreSQL cannot store (see {@link StorableText})
   */
  public static JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      throw Refusal.invalid(
          "The request body is empty; a JSON object is required.",
          List.of(new Refusal.FieldError("body", "must not be empty")));
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      JsonLocation location = e.getLocation();
      String where =
          location == null
              ? ""
              : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
      String message = "malformed JSON" + where + ": " + e.getOriginalMessage();
      throw Refusal.invalid(
          "The request body is not valid JSON: parsing failed" + where + ".",
          List.of(new Refusal.FieldError("body", message)));
    }
    requireStorable(root);
    return root;
  }

  /**
   * Every request body passes here, so this is where strings PostgreSQL cannot store are refused,
   * field names included (an evidence object is stored as jsonb, names and all), each named by its
   * path as FieldReader names fields: {@code a.B[0].wb}.
   */
  private static void requireStorable(JsonNode root) {
    List<Refusal.FieldError> errors = new ArrayList<>();
    Deque<Map.Entry<String, JsonNode>> pending = new ArrayDeque<>();
    pending.add(Map.entry("", root));
    while (!pending.isEmpty() && errors.size() < MAX_REPORTED) {
      Map.Entry<String, JsonNode> next = pending.poll();
      String path = next.getKey();
      JsonNode node = next.getValue();
      if (node.isTextual()) {
        String problem = StorableText.problem(node.textValue());
        if (problem != null) {
          errors.add(new Refusal.FieldError(path.isEmpty() ? "body" : path, problem));
        }
      } else if (node.isArray()) {
        for (int i = 0; i < node.size(); i++) {
          pending.add(Map.entry(path + "[" + i + "]", node.get(i)));
        }
      } else if (node.isObject()) {
        for (Map.Entry<String, JsonNode> field : node.properties()) {
          String name = StorableText.visible(field.getKey());
          String child = path.isEmpty() ? name : path + "." + name;
          String problem = StorableText.problem(field.getKey());
          if (problem != null) {
            errors.add(new Refusal.FieldError(child, "the field name " + problem));
          }
          pending.add(Map.entry(child, field.getValue()));
        }
      }
    }
    if (!errors.isEmpty()) {
      throw Refusal.invalid(errors);
    }
  }

  /**
   * @throws Refusal 400 unless the node is a JSON object
   */
  public static JsonNode requireObject(JsonNode node, String field) {
    if (node == null || !node.isObject()) {
      String name = field == null ? "body" : field;
      throw Refusal.invalid(
          name + " must be a JSON object",
          List.of(new Refusal.FieldError(name, "must be a JSON object")));
    }
    return node;
  }
}
