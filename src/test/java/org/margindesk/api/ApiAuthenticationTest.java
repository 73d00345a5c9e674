package org.margindesk.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.containsStringIgnoringCase;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ApiAuthenticationTest {

  @Test
  void givenNoCredentials_whenAnApiPathIsCalled_then401() {
    given()
        .when()
        .get("/api/v1/me")
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .header("WWW-Authenticate", containsStringIgnoringCase("basic"))
        .body("status", equalTo(401))
        .body("detail", containsString("Credentials"));
  }

  @Test
  void givenNoCredentials_whenAnUnknownApiPathIsCalled_then401NotA404() {
    given()
        .when()
        .get("/api/v1/does-not-exist")
        .then()
        .statusCode(401)
        .contentType("application/problem+json");
  }

  @Test
  void givenAWrongPassword_whenAnApiPathIsCalled_then401() {
    given()
        .auth()
        .preemptive()
        .basic("supervisor", "wrong")
        .get("/api/v1/me")
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .body("title", equalTo("Unauthorized"));
  }

  @Test
  void givenARoleThatIsNotAllowed_whenAnApiPathIsCalled_then403ProblemJson() {
    given()
        .auth()
        .preemptive()
        .basic("viewer", "viewer")
        .get("/api/v1/tasks")
        .then()
        .statusCode(403)
        .contentType("application/problem+json")
        .body("status", equalTo(403))
        .body("detail", containsString("roles"));
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
