package org.margindesk.ingest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
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

  private JsonInput() {}

  /**
   * @throws ApiException 400 when the body is empty or not well-formed JSON; the detail says where
   *     parsing stopped
   */
  public static JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      throw ApiException.badRequest(
          "The request body is empty; a JSON object is required.",
          List.of(new Problem.FieldError("body", "must not be empty")));
    }
    try {
      return MAPPER.readTree(body);
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
