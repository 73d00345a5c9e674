package org.margindesk.api;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.margindesk.api.MarginCallTestSupport.as;

import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Times that {@link java.time.Instant} parses but PostgreSQL cannot hold (years past ±294,276), in
 * a query filter or inside a forged paging cursor, are a 400 naming the parameter. They used to
 * reach the query and answer 500 ("timestamp out of range"); the fuzz suite found the filter.
 */
@QuarkusTest
class OutOfRangeTimesTest {
  private static final String FAR_PAST = "-999999999-01-01T00:00:00Z";
  private static final String FAR_FUTURE = "+999999999-12-31T23:59:59Z";

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({"from, " + FAR_PAST, "to, " + FAR_FUTURE, "from, 0001-01-01T00:00:00Z"})
  void givenAnAuditFilterOutsideTheStorableYears_whenListed_then400NamingIt(
      String parameter, String value) {
    as("viewer")
        .queryParam(parameter, value)
        .get("/api/v1/audit-events")
        .then()
        .statusCode(400)
        .contentType(startsWith("application/problem+json"))
        .body("errors[0].field", equalTo(parameter))
        .body("errors[0].message", containsString("between 1970 and 9999"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "/api/v1/tasks, operator, task:" + FAR_FUTURE + "|m:close-all-positions",
    "/api/v1/notifications, viewer, n:" + FAR_PAST + "|6f1c0a52-8d1e-4c57-9b1a-2f4de2d1c9b7",
    "/api/v1/margin-calls, viewer, mc1|" + FAR_FUTURE + "|margin-call-x-1"
  })
  void givenACursorForgedWithAnOutOfRangeTime_whenListed_then400NamingTheCursor(
      String path, String user, String decoded) {
    String cursor =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(decoded.getBytes(StandardCharsets.UTF_8));
    as(user)
        .queryParam("cursor", cursor)
        .get(path)
        .then()
        .statusCode(400)
        .contentType(startsWith("application/problem+json"))
        .body("errors[0].field", equalTo("cursor"));
  }
}
