package org.margindesk.api;

import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

/**
 * Gives every {@code /api/v1} operation a {@code 4XX} response: the refusals that come from the
 * HTTP layer rather than from the operation itself (405, 406, 413 for a body over the limit, 415
 * for a body that is not JSON, 404 on a worker-role instance, which serves no API). They are
 * problem+json like every other error, and without this the document would not admit them. Statuses
 * an operation documents itself keep their own description. It also tidies the decimals of request
 * schemas (see {@link #filterSchema}).
 *
 * <p>Registered as {@code mp.openapi.filter}; Quarkus runs it when it builds the document.
 */
public class OpenApiRefusals implements OASFilter {
  static final String RANGE = "4XX";

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
    APIResponse refusal =
        OASFactory.createAPIResponse().ref("#/components/responses/" + OpenApiDefinition.REFUSED);
    for (Map.Entry<String, PathItem> path : openAPI.getPaths().getPathItems().entrySet()) {
      if (!path.getKey().startsWith("/api/v1/")) {
        continue;
      }
      for (Operation operation : path.getValue().getOperations().values()) {
        if (operation.getResponses().getAPIResponse(RANGE) == null) {
          operation.getResponses().addAPIResponse(RANGE, refusal);
        }
      }
    }
  }
}
