package org.margindesk.api.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code /api/v1} operations as the served OpenAPI document lists them: method, path template,
 * parameters and the request body's schema and example. The fuzz suite reads nothing else, so an
 * operation added to the API is fuzzed the day it appears in the document.
 */
final class ApiOperations {
  private static final Set<String> METHODS =
      Set.of("get", "put", "post", "delete", "patch", "head", "options");
  private static final ObjectMapper JSON = new ObjectMapper();

  private ApiOperations() {}

  /** A parameter: {@code in} is path, query or header. */
  record Parameter(String name, String in, String type) {}

  /**
   * @param bodyExample the document's first request example, or one made from the schema; null when
   *     the operation takes no body
   * @param bodySchema the resolved request schema, or null
   */
  record Operation(
      String method,
      String path,
      List<Parameter> parameters,
      JsonNode bodySchema,
      JsonNode bodyExample) {
    String route() {
      return method + " " + path;
    }

    List<Parameter> in(String where) {
      return parameters.stream().filter(p -> p.in().equals(where)).toList();
    }

    boolean takesBody() {
      return bodyExample != null;
    }

    @Override
    public String toString() {
      return route();
    }
  }

  static List<Operation> read(String document) throws Exception {
    JsonNode root = JSON.readTree(document);
    List<Operation> operations = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> paths = root.path("paths").fields();
        paths.hasNext(); ) {
      Map.Entry<String, JsonNode> path = paths.next();
      if (!path.getKey().startsWith("/api/v1")) {
        continue;
      }
      for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
        Map.Entry<String, JsonNode> op = ops.next();
        if (!METHODS.contains(op.getKey())) {
          continue;
        }
        List<Parameter> parameters = new ArrayList<>();
        collect(root, path.getValue().path("parameters"), parameters);
        collect(root, op.getValue().path("parameters"), parameters);
        JsonNode content = resolve(root, op.getValue().path("requestBody")).path("content");
        JsonNode media = content.path("application/json");
        JsonNode schema = media.isMissingNode() ? null : resolve(root, media.path("schema"));
        operations.add(
            new Operation(
                op.getKey().toUpperCase(Locale.ROOT),
                path.getKey(),
                List.copyOf(parameters),
                schema,
                media.isMissingNode() ? null : example(root, media, schema)));
      }
    }
    return operations;
  }

  private static void collect(JsonNode root, JsonNode list, List<Parameter> into) {
    for (JsonNode raw : list) {
      JsonNode parameter = resolve(root, raw);
      into.add(
          new Parameter(
              parameter.path("name").asText(),
              parameter.path("in").asText(),
              resolve(root, parameter.path("schema")).path("type").asText("string")));
    }
  }

  private static JsonNode example(JsonNode root, JsonNode media, JsonNode schema) {
    for (JsonNode example : media.path("examples")) {
      JsonNode value = resolve(root, example).path("value");
      if (value.isTextual()) {
        try {
          return JSON.readTree(value.asText());
        } catch (Exception notJson) {
          continue;
        }
      }
      if (!value.isMissingNode()) {
        return value;
      }
    }
    return fromSchema(root, schema, 0);
  }

  /** A minimal instance of a schema: every property present, strings as "x". */
  private static JsonNode fromSchema(JsonNode root, JsonNode schema, int depth) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    JsonNode resolved = schema == null ? null : resolve(root, schema);
    if (resolved == null || depth > 4) {
      return nodes.objectNode();
    }
    String type = resolved.path("type").asText(resolved.has("properties") ? "object" : "string");
    switch (type) {
      case "object" -> {
        ObjectNode object = nodes.objectNode();
        resolved
            .path("properties")
            .fields()
            .forEachRemaining(
                p -> object.set(p.getKey(), fromSchema(root, p.getValue(), depth + 1)));
        return object;
      }
      case "array" -> {
        return nodes.arrayNode().add(fromSchema(root, resolved.path("items"), depth + 1));
      }
      case "integer", "number" -> {
        return nodes.numberNode(1);
      }
      case "boolean" -> {
        return nodes.booleanNode(true);
      }
      default -> {
        return nodes.textNode("x");
      }
    }
  }

  /** Follows a local {@code $ref} (#/components/...) to what it names. */
  static JsonNode resolve(JsonNode root, JsonNode node) {
    JsonNode at = node;
    for (int hops = 0; at != null && at.has("$ref") && hops < 10; hops++) {
      String ref = at.get("$ref").asText();
      at = ref.startsWith("#") ? root.at(ref.substring(1)) : null;
    }
    return at == null ? JsonNodeFactory.instance.missingNode() : at;
  }
}
