package org.margindesk.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ObservabilityTest {
  private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

  @Test
  void givenAClientRequestId_whenTheApiAnswers_thenItIsEchoedAndInTheMdcOfTheResource() {
    given()
        .auth()
        .preemptive()
        .basic("viewer", "viewer")
        .header("X-Request-Id", "ops-ticket-4711")
        .get("/api/test/mdc")
        .then()
        .statusCode(200)
        .header("X-Request-Id", "ops-ticket-4711")
        .body(equalTo("ops-ticket-4711"));
  }

  @Test
  void givenNoRequestId_whenTheApiAnswers_thenAGeneratedOneIsEchoedAndLogged() {
    var response =
        given().auth().preemptive().basic("viewer", "viewer").get("/api/test/mdc").then();
    response.statusCode(200).header("X-Request-Id", matchesPattern(UUID));
    String echoed = response.extract().header("X-Request-Id");
    response.body(equalTo(echoed));
  }

  @Test
  void givenARequestRefusedBeforeTheApi_whenAnswered_thenItStillCarriesTheRequestId() {
    given()
        .header("X-Request-Id", "anonymous-1")
        .get("/api/v1/me")
        .then()
        .statusCode(401)
        .header("X-Request-Id", "anonymous-1");
  }

  @Test
  void givenAnIdThatCouldForgeLogLines_whenSent_thenItIsReplaced() {
    given()
        .header("X-Request-Id", "evil\"} {\"level\":\"ERROR")
        .get("/q/health/live")
        .then()
        .statusCode(200)
        .header("X-Request-Id", matchesPattern(UUID));
  }

  @Test
  void givenTheOpenApiDocument_whenRead_thenBasicAndBearerSchemesAreDocumented() {
    given()
        .queryParam("format", "json")
        .get("/q/openapi")
        .then()
        .statusCode(200)
        .body("components.securitySchemes.basic.type", equalTo("http"))
        .body("components.securitySchemes.basic.scheme", equalTo("basic"))
        .body("components.securitySchemes.bearer.type", equalTo("http"))
        .body("components.securitySchemes.bearer.scheme", equalTo("bearer"))
        .body("components.securitySchemes.bearer.bearerFormat", equalTo("JWT"))
        .body("security.size()", equalTo(2))
        .body("security[0].basic.size()", equalTo(0))
        .body("security[1].bearer.size()", equalTo(0))
        .body("paths", hasKey("/api/v1/me"));
  }
}
