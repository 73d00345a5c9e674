package org.margindesk.api.contract;

import com.atlassian.oai.validator.report.MessageResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.schema.SchemaValidator;
import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every example in the document, checked against the schema it illustrates with the same JSON
 * Schema engine that validates the tests' exchanges: media examples of request bodies and
 * responses, parameter examples, and the examples of component schemas and their properties. An
 * example that does not fit is what the linters (Spectral's oas3-valid-*-example, Redocly's
 * no-invalid-*-example) report; this keeps the check inside the build.
 */
public final class OpenApiExampleCheck {
  private static final Set<String> JSON = Set.of("application/json", "application/problem+json");

  private final OpenAPI api;
  private final SchemaValidator validator;
  private final List<String> failures = new ArrayList<>();
  private int checked;

  private OpenApiExampleCheck(OpenAPI api) {
    this.api = api;
    this.validator = new SchemaValidator(api, new MessageResolver());
  }

  /** The parse errors of {@code document}, then every example that does not fit its schema. */
  public static Result run(String document) {
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(document, null, options);
    OpenApiExampleCheck check = new OpenApiExampleCheck(parsed.getOpenAPI());
    if (parsed.getMessages() != null) {
      parsed.getMessages().forEach(m -> check.failures.add("document: " + m));
    }
    check.all();
    return new Result(check.checked, List.copyOf(check.failures));
  }

  /** How many examples were checked, and what was wrong with any of them. */
  public record Result(int checked, List<String> failures) {}

  private void all() {
    api.getPaths()
        .forEach(
            (path, item) ->
                item.readOperationsMap()
                    .forEach((method, op) -> operation(method + " " + path, op)));
    if (api.getComponents() != null && api.getComponents().getSchemas() != null) {
      api.getComponents()
          .getSchemas()
          .forEach((name, schema) -> schema("#/components/schemas/" + name, schema));
    }
  }

  private void operation(String where, Operation op) {
    if (op.getParameters() != null) {
      op.getParameters().forEach(p -> parameter(where, p));
    }
    if (op.getRequestBody() != null) {
      content(where + " request", body(op.getRequestBody()).getContent());
    }
    if (op.getResponses() != null) {
      op.getResponses().forEach((code, r) -> content(where + " " + code, response(r).getContent()));
    }
  }

  private void parameter(String where, Parameter parameter) {
    Parameter p = parameter;
    if (p.get$ref() != null) {
      p = api.getComponents().getParameters().get(name(p.get$ref()));
    }
    if (p.getExample() != null && p.getSchema() != null) {
      validate(where + " parameter " + p.getName(), p.getExample(), p.getSchema());
    }
  }

  private void content(String where, Content content) {
    if (content == null) {
      return;
    }
    for (Map.Entry<String, MediaType> media : content.entrySet()) {
      Schema<?> schema = media.getValue().getSchema();
      if (!JSON.contains(media.getKey()) || schema == null) {
        continue;
      }
      if (media.getValue().getExample() != null) {
        validate(where + " " + media.getKey(), media.getValue().getExample(), schema);
      }
      if (media.getValue().getExamples() != null) {
        for (Map.Entry<String, Example> example : media.getValue().getExamples().entrySet()) {
          validate(
              where + " " + media.getKey() + " example '" + example.getKey() + "'",
              example.getValue().getValue(),
              schema);
        }
      }
    }
  }

  /** A schema's own example, and those of its properties, recursively. */
  private void schema(String where, Schema<?> schema) {
    if (schema == null || schema.get$ref() != null) {
      return;
    }
    if (schema.getExample() != null) {
      validate(where, schema.getExample(), schema);
    }
    if (schema.getProperties() != null) {
      schema.getProperties().forEach((name, property) -> schema(where + "." + name, property));
    }
    schema(where + "[]", schema.getItems());
  }

  private void validate(String where, Object example, Schema<?> schema) {
    checked++;
    String json;
    try {
      JsonNode node = Json.mapper().valueToTree(example);
      // The validator reads a value for a string schema as the string itself, as it comes in a
      // parameter, and anything else as JSON text.
      json =
          node.isTextual() && "string".equals(schema.getType()) ? node.asText() : node.toString();
    } catch (IllegalArgumentException e) {
      failures.add(where + ": the example is not JSON: " + e.getMessage());
      return;
    }
    ValidationReport report = validator.validate(json, schema, "example");
    report.getMessages().stream()
        .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
        .forEach(m -> failures.add(where + ": " + m.getMessage().replace('\n', ' ')));
  }

  private RequestBody body(RequestBody body) {
    return body.get$ref() == null
        ? body
        : api.getComponents().getRequestBodies().get(name(body.get$ref()));
  }

  private ApiResponse response(ApiResponse response) {
    return response.get$ref() == null
        ? response
        : api.getComponents().getResponses().get(name(response.get$ref()));
  }

  private static String name(String ref) {
    return ref.substring(ref.lastIndexOf('/') + 1);
  }
}
