package org.margindesk.ingest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.margindesk.api.problem.ApiException;
import org.margindesk.api.problem.Problem;

/**
 * Parses request bodies into a Jackson tree ourselves, rather than binding them, so that a syntax
 * error reports its line and column, a bad value reports its field, and numbers keep every digit
 * (BigDecimal, never double).
 */
public final class JsonInput {
  public static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
          .build();

  /** Enough to fix a request; a body full of NULs should not make an answer as large. */
  private static final int MAX_REPORTED = 10;

  private JsonInput() {}

  /**
   * @throws ApiException 400 when the body is empty or not well-formed JSON (the detail says where
   *     parsing stopped), or holds a string PostgreSQL cannot store (see {@link StorableText})
   */
  public static JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      throw ApiException.badRequest(
          "The request body is empty; a JSON object is required.",
          List.of(new Problem.FieldError("body", "must not be empty")));
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
      throw ApiException.badRequest(
          "The request body is not valid JSON: parsing failed" + where + ".",
          List.of(new Problem.FieldError("body", message)));
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
    List<Problem.FieldError> errors = new ArrayList<>();
    Deque<Map.Entry<String, JsonNode>> pending = new ArrayDeque<>();
    pending.add(Map.entry("", root));
    while (!pending.isEmpty() && errors.size() < MAX_REPORTED) {
      Map.Entry<String, JsonNode> next = pending.poll();
      String path = next.getKey();
      JsonNode node = next.getValue();
      if (node.isTextual()) {
        String problem = StorableText.problem(node.textValue());
        if (problem != null) {
          errors.add(new Problem.FieldError(path.isEmpty() ? "body" : path, problem));
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
            errors.add(new Problem.FieldError(child, "the field name " + problem));
          }
          pending.add(Map.entry(child, field.getValue()));
        }
      }
    }
    if (!errors.isEmpty()) {
      throw ApiException.badRequest(
          errors.stream()
              .map(e -> e.field() + ": " + e.message())
              .collect(Collectors.joining("; ")),
          errors);
    }
  }

  /**
   * @throws ApiException 400 unless the node is a JSON object
   */
  public static JsonNode requireObject(JsonNode node, String field) {
    if (node == null || !node.isObject()) {
      String name = field == null ? "body" : field;
      throw ApiException.badRequest(
          name + " must be a JSON object",
          List.of(new Problem.FieldError(name, "must be a JSON object")));
    }
    return node;
  }
}
