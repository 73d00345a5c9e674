package org.margindesk.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ReadinessTest {

  @Test
  void givenEmbeddedServices_whenReadinessIsProbedWithoutCredentials_thenBothChecksAreUp() {
    given()
        .when()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"))
        .body("checks.name", hasItems("postgresql", "temporal"))
        .body("checks.find { it.name == 'postgresql' }.status", equalTo("UP"))
        .body("checks.find { it.name == 'postgresql' }.data.serverVersion", equalTo("17.11"))
        .body("checks.find { it.name == 'temporal' }.status", equalTo("UP"))
        .body(
            "checks.find { it.name == 'temporal' }.data.namespaceState",
            equalTo("NAMESPACE_STATE_REGISTERED"));
  }

  @Test
  void givenNoCredentials_whenMetricsAreScraped_thenTheyAreServed() {
    given().when().get("/q/metrics").then().statusCode(200);
  }
}
