package org.margindesk.api.contract;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;

/**
 * Puts {@link OpenApiContractFilter} on every {@code @QuarkusTest}'s REST Assured, with no line in
 * the tests themselves: Quarkus loads this callback from META-INF/services for each test method, in
 * the test instance's class loader, so the filter lands on the RestAssured the test uses (a test
 * profile's restart brings a fresh one, which gets it too).
 */
public final class OpenApiContractCallback implements QuarkusTestBeforeEachCallback {
  @Override
  public void beforeEach(QuarkusTestMethodContext context) {
    if (RestAssured.filters().stream().noneMatch(OpenApiContractFilter.class::isInstance)) {
      RestAssured.filters(new OpenApiContractFilter());
    }
  }
}
