package org.margindesk.api.contract;

import com.atlassian.oai.validator.restassured.RestAssuredRequest;
import com.atlassian.oai.validator.restassured.RestAssuredResponse;
import io.restassured.filter.FilterContext;
import io.restassured.filter.OrderedFilter;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import java.net.URI;
import java.util.List;

/**
 * Holds every REST Assured exchange of the tests to the live OpenAPI document ({@link
 * OpenApiContract}). It runs last among the filters, so it sees the request as sent, credentials
 * included.
 */
public final class OpenApiContractFilter implements OrderedFilter {
  @Override
  public Response filter(
      FilterableRequestSpecification request,
      FilterableResponseSpecification responseSpec,
      FilterContext context) {
    Response response = context.next(request, responseSpec);
    URI uri = URI.create(request.getURI());
    String origin = uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort();
    List<String> violations =
        OpenApiContract.check(
            origin, RestAssuredRequest.of(request), RestAssuredResponse.of(response));
    if (!violations.isEmpty() && OpenApiContract.failsTests()) {
      throw new AssertionError(
          "The exchange breaks the OpenAPI document (/q/openapi):\n  "
              + String.join("\n  ", violations));
    }
    return response;
  }

  @Override
  public int getOrder() {
    return OrderedFilter.LOWEST_PRECEDENCE;
  }
}
