package org.margindesk.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one extra test profile: an instance started with margin-desk.role=worker. */
@QuarkusTest
@TestProfile(WorkerRoleTest.WorkerRole.class)
class WorkerRoleTest {

  public static class WorkerRole implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("margin-desk.role", "worker");
    }
  }

  @Test
  void givenValidCredentials_whenTheApiIsCalledOnAWorker_then404ProblemJson() {
    given()
        .auth()
        .preemptive()
        .basic("supervisor", "supervisor")
        .get("/api/v1/me")
        .then()
        .statusCode(404)
        .contentType(startsWith("application/problem+json"))
        .header("X-Request-Id", notNullValue())
        .body("status", equalTo(404))
        .body("title", equalTo("Not Found"));
  }

  @Test
  void givenNoCredentials_whenTheApiIsCalledOnAWorker_then404NotAnAuthenticationChallenge() {
    given()
        .get("/api/v1/me")
        .then()
        .statusCode(404)
        .contentType(startsWith("application/problem+json"));
  }

  @Test
  void givenAWorker_whenProbedAndScraped_thenHealthAndMetricsAreServed() {
    given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    given().get("/q/health/live").then().statusCode(200);
    given().get("/q/metrics").then().statusCode(200);
  }
}
