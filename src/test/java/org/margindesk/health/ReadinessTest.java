package org.margindesk.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ReadinessTest {

  @Test
  void givenEmbeddedServices_whenReadinessIsProbedWithoutCredentials_thenEveryCheckIsUp() {
    given()
        .when()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"))
        .body("checks.name", hasItems("postgresql", "temporal", "exchange-gateway"))
        .body("checks.find { it.name == 'postgresql' }.status", equalTo("UP"))
        .body("checks.find { it.name == 'postgresql' }.data.serverVersion", equalTo("17.11"))
        .body(
            "checks.find { it.name == 'postgresql' }.data.planCacheMode",
            equalTo("force_custom_plan"))
        .body("checks.find { it.name == 'temporal' }.status", equalTo("UP"))
        .body(
            "checks.find { it.name == 'temporal' }.data.namespaceState",
            equalTo("NAMESPACE_STATE_REGISTERED"))
        .body("checks.find { it.name == 'exchange-gateway' }.data.kind", equalTo("simulated"))
        .body("checks.find { it.name == 'exchange-gateway' }.data.simulated", equalTo(true));
  }

  @Test
  void givenNoCredentials_whenMetricsAreScraped_thenTheyAreServed() {
    given().when().get("/q/metrics").then().statusCode(200);
  }
}
