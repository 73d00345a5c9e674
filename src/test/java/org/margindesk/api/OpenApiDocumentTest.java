package org.margindesk.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.margindesk.api.contract.OpenApiContract;
import org.margindesk.api.contract.OpenApiExampleCheck;

/**
 * Holds every /api/v1 operation in the OpenAPI document to the documentation standard: a summary, a
 * description naming the role, a tag, a success and a client-error response, and an example for
 * every request body. An endpoint added without its annotations fails here, because the document's
 * automatic summaries, tags and security requirements are switched off in application.properties.
 */
@QuarkusTest
class OpenApiDocumentTest {
  private static final Set<String> METHODS =
      Set.of("get", "put", "post", "delete", "patch", "head", "options");
  private static final Pattern OPERATION_ID = Pattern.compile("[a-z][A-Za-z0-9]+");
  private static final Pattern ROLE = Pattern.compile("Role: (viewer|operator|supervisor|feed)");
  private static final Set<String> WRITES = Set.of("post", "put");
  private static final String IDEMPOTENCY_KEY = "#/components/parameters/Idempotency-Key";
  private static final Set<String> JSON_TYPES =
      Set.of("application/json", "application/problem+json");

  private String text;
  private JsonNode document;

  @BeforeEach
  void readDocument() throws Exception {
    text =
        given()
            .queryParam("format", "json")
            .get("/q/openapi")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    document = new ObjectMapper().readTree(text);
  }

  @Test
  void givenTheDocument_whenEveryApiOperationIsInspected_thenEachIsFullyDocumented() {
    List<String> failures = new ArrayList<>();
    Set<String> declaredTags = new HashSet<>();
    document.path("tags").forEach(tag -> declaredTags.add(tag.path("name").asText()));
    int operations = 0;
    Map<String, String> operationIds = new HashMap<>();
    for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
      if (!path.getKey().startsWith("/api/v1/")) {
        continue;
      }
      for (Map.Entry<String, JsonNode> entry : path.getValue().properties()) {
        if (!METHODS.contains(entry.getKey())) {
          continue;
        }
        operations++;
        String name = entry.getKey().toUpperCase() + " " + path.getKey();
        checkOperation(name, entry.getValue(), declaredTags, failures);
        checkOperationId(name, entry.getValue(), operationIds, failures);
        if (WRITES.contains(entry.getKey())) {
          checkIdempotencyKey(name, entry.getValue(), failures);
        }
      }
    }
    // The API has 26 operations today; fewer means the path filter or the scan lost some.
    assertTrue(operations >= 26, "found only " + operations + " /api/v1 operations");
    assertEquals(List.of(), failures, "undocumented parts of the API");
  }

  private void checkOperation(
      String name, JsonNode operation, Set<String> declaredTags, List<String> failures) {
    if (operation.path("summary").asText("").isBlank()) {
      failures.add(name + ": no summary");
    }
    if (!ROLE.matcher(operation.path("description").asText("")).find()) {
      failures.add(name + ": the description does not name the role (\"Role: …\")");
    }
    JsonNode tags = operation.path("tags");
    if (!tags.isArray() || tags.isEmpty()) {
      failures.add(name + ": no tag");
    }
    tags.forEach(
        tag -> {
          if (!declaredTags.contains(tag.asText())) {
            failures.add(name + ": tag '" + tag.asText() + "' is not declared with @Tag");
          }
        });
    if (operation.has("security")) {
      failures.add(name + ": overrides the document's basic-or-bearer security requirement");
    }
    checkResponses(name, operation.path("responses"), failures);
    if (operation.has("requestBody")) {
      JsonNode content = resolve(operation.get("requestBody")).path("content");
      if (content.isEmpty()) {
        failures.add(name + ": request body without content");
      }
      content
          .properties()
          .forEach(
              media -> {
                if (!hasExample(media.getValue())) {
                  failures.add(name + ": request body " + media.getKey() + " has no example");
                }
              });
      checkExamples(name + " request body", content, failures);
    }
  }

  /** A client names its methods after operationIds: each is there, stable and unique. */
  private static void checkOperationId(
      String name, JsonNode operation, Map<String, String> seen, List<String> failures) {
    String id = operation.path("operationId").asText("");
    if (!OPERATION_ID.matcher(id).matches()) {
      failures.add(name + ": operationId '" + id + "' is not a lowerCamelCase name");
    }
    String other = seen.putIfAbsent(id, name);
    if (other != null) {
      failures.add(name + ": operationId '" + id + "' is also " + other + "'s");
    }
  }

  /** Every write takes the shared Idempotency-Key header and documents its 422. */
  private void checkIdempotencyKey(String name, JsonNode operation, List<String> failures) {
    boolean declared = false;
    for (JsonNode parameter : operation.path("parameters")) {
      declared |= IDEMPOTENCY_KEY.equals(parameter.path("$ref").asText());
    }
    if (!declared) {
      failures.add(name + ": no Idempotency-Key parameter (" + IDEMPOTENCY_KEY + ")");
    }
    if (!operation.path("responses").has("422")) {
      failures.add(name + ": no 422 for an Idempotency-Key reused with another body");
    }
  }

  private void checkResponses(String name, JsonNode responses, List<String> failures) {
    boolean success = false;
    boolean clientError = false;
    for (Map.Entry<String, JsonNode> response : responses.properties()) {
      String code = response.getKey();
      success |= code.startsWith("2");
      // The shared 4XX (api/OpenApiConventions) does not stand for the operation's own refusals.
      clientError |= code.startsWith("4") && !code.equals("4XX");
      JsonNode resolved = resolve(response.getValue());
      if (resolved.path("description").asText("").isBlank()) {
        failures.add(name + " " + code + ": no description");
      }
      if (code.startsWith("4") || code.startsWith("5")) {
        resolved
            .path("content")
            .fieldNames()
            .forEachRemaining(
                type -> {
                  if (!type.equals("application/problem+json")) {
                    failures.add(name + " " + code + ": error content is " + type);
                  }
                });
      }
      checkExamples(name + " " + code, resolved.path("content"), failures);
    }
    if (!success) {
      failures.add(name + ": no 2xx response");
    }
    if (!clientError) {
      failures.add(name + ": no 4xx response");
    }
  }

  /** A JSON example that did not parse would reach the document as a plain string. */
  private static void checkExamples(String where, JsonNode content, List<String> failures) {
    content
        .properties()
        .forEach(
            media -> {
              if (!JSON_TYPES.contains(media.getKey())) {
                return;
              }
              media
                  .getValue()
                  .path("examples")
                  .properties()
                  .forEach(
                      example -> {
                        JsonNode value = example.getValue().path("value");
                        if (!value.isContainerNode()) {
                          failures.add(
                              where + ": example '" + example.getKey() + "' is not valid JSON");
                        }
                      });
            });
  }

  private static boolean hasExample(JsonNode media) {
    return media.has("example") || !media.path("examples").isEmpty();
  }

  private JsonNode resolve(JsonNode node) {
    String ref = node.path("$ref").asText("");
    if (ref.isEmpty()) {
      return node;
    }
    JsonNode target = document;
    for (String segment : ref.substring(2).split("/")) {
      target = target.path(segment);
    }
    return target;
  }

  @Test
  void givenTheDocument_whenEveryExampleIsValidatedAgainstItsSchema_thenAllFit() {
    OpenApiExampleCheck.Result result = OpenApiExampleCheck.run(text);
    // Request and response examples of every operation, at least; fewer means the walk lost some.
    assertTrue(result.checked() >= 60, "checked only " + result.checked() + " examples");
    assertEquals(List.of(), result.failures(), "examples that do not fit their schemas");
  }

  /** What the contract's validator makes of a drift: a null where the document has no null. */
  @Test
  void givenTheLiveDocument_whenAnAnswerDriftsFromIt_thenTheContractNamesTheField() {
    OpenApiInteractionValidator contract =
        OpenApiContract.validator(RestAssured.baseURI + ":" + RestAssured.port);
    String open =
        "{\"id\":\"margin-call-acc-1-1\",\"accountId\":\"acc-1\",\"status\":\"OPEN\","
            + "\"trigger\":{\"assessment\":\"MARGIN_CALL\",\"reasons\":[]},"
            + "\"openedAt\":\"2026-11-22T10:00:00Z\",\"deadline\":\"2026-11-22T16:00:00Z\","
            + "\"closedAt\":null,\"outcome\":null,\"restriction\":\"PENDING\","
            + "\"restrictedAt\":null}";
    assertEquals(List.of(), page(contract, open).getMessages(), "nulls the document admits");

    ValidationReport drift =
        page(contract, open.replace("\"openedAt\":\"", "\"openedAt\":null,\"x\":\""));
    List<String> pointers = new ArrayList<>();
    drift
        .getMessages()
        .forEach(
            m ->
                m.getContext()
                    .flatMap(ValidationReport.MessageContext::getPointers)
                    .ifPresent(p -> pointers.add(p.getInstance())));
    // The undeclared field is reported at the object that carries it.
    assertEquals(List.of("/items/0", "/items/0/openedAt"), pointers.stream().sorted().toList());
  }

  private static ValidationReport page(OpenApiInteractionValidator contract, String item) {
    return contract.validateResponse(
        "/api/v1/margin-calls",
        Request.Method.GET,
        SimpleResponse.Builder.ok()
            .withContentType("application/json")
            .withBody("{\"items\":[" + item + "],\"nextCursor\":null}")
            .build());
  }

  @Test
  void givenTheDocument_whenRead_thenItIsOpenApi30WithAServerAndOnlyTheApi() {
    assertEquals("3.0.3", document.path("openapi").asText());
    JsonNode servers = document.path("servers");
    assertTrue(servers.isArray() && !servers.isEmpty(), "no servers: " + servers);
    servers.forEach(
        server -> assertTrue(server.path("url").asText().startsWith("http"), server.toString()));
    // The console's pages (mp.openapi.scan.exclude.packages) and /q are no part of the API.
    document
        .path("paths")
        .fieldNames()
        .forEachRemaining(
            path -> assertTrue(path.startsWith("/api/"), path + " is not part of the API"));
  }

  @Test
  void givenTheDocument_whenTheIdempotencyKeyParameterIsRead_thenItIsAnOptionalBoundedHeader() {
    JsonNode parameter = document.path("components").path("parameters").path("Idempotency-Key");
    assertEquals("Idempotency-Key", parameter.path("name").asText());
    assertEquals("header", parameter.path("in").asText());
    assertEquals(false, parameter.path("required").asBoolean(false));
    assertEquals(255, parameter.path("schema").path("maxLength").asInt());
    assertTrue(parameter.path("description").asText().contains("Idempotency-Replayed"));
  }

  @Test
  void givenTheDocument_whenTheTaskSchemasAreRead_thenARefusalsDetailsAndResolutionAreThere() {
    JsonNode schemas = document.path("components").path("schemas");
    JsonNode task = schemas.path("TaskView").path("properties");
    assertTrue(nullable(task.path("details")), "TaskView.details is nullable: " + task);
    assertTrue(nullable(task.path("resolution")), "TaskView.resolution is nullable: " + task);
    JsonNode completion = schemas.path("TaskCompletionRequest").path("properties");
    assertEquals(
        List.of("RETRY", "DONE_BY_HAND"),
        new ObjectMapper().convertValue(completion.path("resolution").path("enum"), List.class));
  }

  private static boolean nullable(JsonNode property) {
    if (property.path("nullable").asBoolean(false)) {
      return true;
    }
    for (JsonNode type : property.path("type")) {
      if ("null".equals(type.asText())) {
        return true;
      }
    }
    return false;
  }

  @Test
  void givenTheDocument_whenRead_thenBasicAndBearerAreTheSchemesAndEitherIsAccepted() {
    JsonNode schemes = document.path("components").path("securitySchemes");
    assertEquals("basic", schemes.path(OpenApiDefinition.BASIC).path("scheme").asText());
    assertEquals("bearer", schemes.path(OpenApiDefinition.BEARER).path("scheme").asText());
    List<String> requirements = new ArrayList<>();
    document.path("security").forEach(r -> r.fieldNames().forEachRemaining(requirements::add));
    assertEquals(List.of(OpenApiDefinition.BASIC, OpenApiDefinition.BEARER), requirements);
  }
}
