package org.margindesk.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ApiAuthenticationTest {

  @Test
  void givenNoCredentials_whenAnApiPathIsCalled_then401() {
    given().when().get("/api/v1/me").then().statusCode(401);
  }

  @Test
  void givenNoCredentials_whenAnUnknownApiPathIsCalled_then401NotA404() {
    given().when().get("/api/v1/does-not-exist").then().statusCode(401);
  }

  @Test
  void givenAWrongPassword_whenAnApiPathIsCalled_then401() {
    given()
        .auth()
        .preemptive()
        .basic("supervisor", "wrong")
        .get("/api/v1/me")
        .then()
        .statusCode(401);
  }

  @Test
  void givenABuiltInSupervisor_whenAskingWhoAmI_thenImpliedRolesAreIncluded() {
    given()
        .auth()
        .preemptive()
        .basic("supervisor", "supervisor")
        .get("/api/v1/me")
        .then()
        .statusCode(200)
        .body("user", equalTo("supervisor"))
        .body("roles", contains("operator", "supervisor", "viewer"));
  }

  @Test
  void givenTheFeedUser_whenAskingWhoAmI_thenOnlyTheFeedRole() {
    given()
        .auth()
        .preemptive()
        .basic("feed", "feed")
        .get("/api/v1/me")
        .then()
        .statusCode(200)
        .body("roles", contains("feed"));
  }
}
