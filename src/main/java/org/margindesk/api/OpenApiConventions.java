package org.margindesk.api;

import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.margindesk.api.problem.Problem;

/**
 * What every {@code /api/v1} operation has in common, written into the document here once rather
 * than repeated on each resource method, because the code that causes it is shared too:
 *
 * <ul>
 *   <li>401 and 403: every operation needs credentials and a role;
 *   <li>400: every operation with a parameter or a body refuses invalid ones (and text PostgreSQL
 *       cannot store, {@code api/StorableParametersFilter});
 *   <li>every POST and PUT takes {@code Idempotency-Key} and answers its 422 ({@code
 *       api/IdempotencyKeyFilter});
 *   <li>{@code 4XX}: the refusals of the HTTP layer rather than of the operation (405, 406, 413 for
 *       a body over the limit, 415 for a body that is not JSON, 404 on a worker-role instance,
 *       which serves no API);
 *   <li>every error is problem+json: a 4xx or 5xx declared with a description only (or examples
 *       only) gets the {@link Problem} schema.
 * </ul>
 *
 * A status an operation documents itself keeps its own description. It also tidies the decimals of
 * request schemas (see {@link #filterSchema}).
 *
 * <p>Registered as {@code mp.openapi.filter}; Quarkus runs it when it builds the document.
 */
public class OpenApiConventions implements OASFilter {
  static final String RANGE = "4XX";
  private static final String RESPONSES = "#/components/responses/";
  private static final String PROBLEM_SCHEMA = "#/components/schemas/Problem";

  /**
   * A decimal in a request is typed BigDecimal but accepted as a JSON number or a decimal string,
   * which its schema says with {@code oneOf}; the {@code type: number} the scanner adds beside it
   * would refuse the string form, so it goes.
   */
  @Override
  public Schema filterSchema(Schema schema) {
    if (schema.getOneOf() != null && !schema.getOneOf().isEmpty() && schema.getType() != null) {
      schema.setType(null);
    }
    return schema;
  }

  @Override
  public void filterOpenAPI(OpenAPI openAPI) {
    for (Map.Entry<String, PathItem> path : openAPI.getPaths().getPathItems().entrySet()) {
      if (!path.getKey().startsWith("/api/v1/")) {
        continue;
      }
      for (Map.Entry<PathItem.HttpMethod, Operation> entry :
          path.getValue().getOperations().entrySet()) {
        addShared(entry.getKey(), entry.getValue());
      }
    }
    Components components = openAPI.getComponents();
    if (components != null && components.getResponses() != null) {
      // Every shared response is an error.
      components.getResponses().values().forEach(OpenApiConventions::problemContent);
    }
  }

  private static void addShared(PathItem.HttpMethod method, Operation operation) {
    APIResponses responses = operation.getResponses();
    addIfAbsent(responses, "401", OpenApiDefinition.UNAUTHORIZED);
    addIfAbsent(responses, "403", OpenApiDefinition.MISSING_ROLE);
    if (method == PathItem.HttpMethod.POST || method == PathItem.HttpMethod.PUT) {
      operation.addParameter(
          OASFactory.createParameter()
              .ref("#/components/parameters/" + OpenApiDefinition.IDEMPOTENCY_KEY));
      addIfAbsent(responses, "422", OpenApiDefinition.IDEMPOTENCY_KEY_REUSED);
    }
    boolean takesInput =
        operation.getRequestBody() != null
            || (operation.getParameters() != null && !operation.getParameters().isEmpty());
    if (takesInput) {
      addIfAbsent(responses, "400", OpenApiDefinition.BAD_REQUEST);
    }
    addIfAbsent(responses, RANGE, OpenApiDefinition.REFUSED);
    responses
        .getAPIResponses()
        .forEach(
            (status, response) -> {
              if (status.startsWith("4") || status.startsWith("5")) {
                problemContent(response);
              }
            });
  }

  private static void addIfAbsent(APIResponses responses, String status, String shared) {
    if (responses.getAPIResponse(status) == null) {
      responses.addAPIResponse(status, OASFactory.createAPIResponse().ref(RESPONSES + shared));
    }
  }

  private static void problemContent(APIResponse response) {
    if (response.getRef() != null) {
      return;
    }
    Content content = response.getContent();
    if (content == null || content.getMediaTypes() == null || content.getMediaTypes().isEmpty()) {
      content = OASFactory.createContent();
      response.setContent(content);
    }
    MediaType problem = content.getMediaType(Problem.MEDIA_TYPE);
    if (problem == null) {
      problem = OASFactory.createMediaType();
      content.addMediaType(Problem.MEDIA_TYPE, problem);
    }
    if (problem.getSchema() == null) {
      problem.setSchema(OASFactory.createSchema().ref(PROBLEM_SCHEMA));
    }
  }
}
