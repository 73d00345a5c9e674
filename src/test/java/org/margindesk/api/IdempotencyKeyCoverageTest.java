package org.margindesk.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.margindesk.api.IdempotencyKeyRestTest.KEY;
import static org.margindesk.api.IdempotencyKeyRestTest.REPLAYED;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.margindesk.activity.NotificationActivities;
import org.margindesk.api.task.TaskFixtures;
import org.margindesk.service.LifecycleFixtures;

/**
 * Every POST and PUT of {@code /api/v1} honours {@code Idempotency-Key}: sent twice with one key,
 * the second answer is the first one replayed. The routes and their valid requests are {@link
 * RoleMatrixTest}'s rows, and the write routes of the OpenAPI document must be exactly those rows,
 * so a new POST or PUT fails here until it is covered.
 */
@QuarkusTest
class IdempotencyKeyCoverageTest {
  private static final Set<String> WRITES = Set.of("POST", "PUT");

  @Inject LifecycleFixtures lifecycle;
  @Inject TaskFixtures tasks;
  @Inject NotificationActivities notifications;

  static Stream<RoleMatrixTest.Endpoint> writeRoutes() {
    return RoleMatrixTest.MATRIX.stream().filter(e -> WRITES.contains(e.method()));
  }

  @AfterEach
  void endCallsWithoutWorkflow() {
    tasks.endCallsWithoutWorkflow();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("writeRoutes")
  void givenAWriteRoute_whenSentTwiceWithOneKey_thenTheSecondAnswerReplaysTheFirst(
      RoleMatrixTest.Endpoint endpoint) {
    RoleMatrixTest.Caller caller =
        Arrays.stream(RoleMatrixTest.Caller.values())
            .filter(c -> c.user != null && endpoint.allows(c))
            .findFirst()
            .orElseThrow();
    RoleMatrixTest.Call call = endpoint.request().apply(setup(caller));
    String key = UUID.randomUUID().toString();

    Response first = send(endpoint, caller, call, key);
    Response retry = send(endpoint, caller, call, key);

    assertThat(first.statusCode()).as(first.asString()).isEqualTo(call.allowedStatus());
    assertThat(first.header(REPLAYED)).isNull();
    IdempotencyKeyRestTest.assertReplayOf(retry, first);
  }

  @Test
  void givenTheOpenApiDocument_whenItsWriteRoutesAreListed_thenEachIsCoveredAbove() {
    Map<String, Map<String, Object>> paths =
        given().get("/q/openapi?format=json").then().statusCode(200).extract().path("paths");
    Set<String> documented = new TreeSet<>();
    paths.forEach(
        (path, operations) -> {
          if (path.startsWith("/api/v1/")) {
            operations.keySet().stream()
                .map(String::toUpperCase)
                .filter(WRITES::contains)
                .forEach(method -> documented.add(method + " " + path));
          }
        });
    Set<String> covered =
        writeRoutes()
            .map(RoleMatrixTest.Endpoint::route)
            .collect(Collectors.toCollection(TreeSet::new));

    assertThat(documented).isNotEmpty().containsExactlyElementsOf(covered);
  }

  private static Response send(
      RoleMatrixTest.Endpoint endpoint,
      RoleMatrixTest.Caller caller,
      RoleMatrixTest.Call call,
      String key) {
    RequestSpecification request =
        given().auth().preemptive().basic(caller.user, caller.user).header(KEY, key);
    if (call.body() != null) {
      request = request.contentType(ContentType.JSON).body(call.body());
    }
    return request.request(endpoint.method(), endpoint.path(), call.pathParams().toArray());
  }

  /** The matrix's own preparation of an allowed caller's target (fresh calls, tasks, …). */
  private RoleMatrixTest.Setup setup(RoleMatrixTest.Caller caller) {
    RoleMatrixTest matrix = new RoleMatrixTest();
    matrix.lifecycle = lifecycle;
    matrix.tasks = tasks;
    matrix.notifications = notifications;
    return matrix.new Setup(caller, true);
  }
}
