package org.margindesk.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.URL;
import org.junit.jupiter.api.Test;

/** A sign-in posted by another site is refused before the credentials are even looked at. */
@QuarkusTest
class LoginOriginCheckTest {
  @TestHTTPResource("/")
  URL base;

  @Test
  void givenASignInPostedFromAnotherSite_whenItArrives_thenItIsRefusedAndNoOneIsSignedIn() {
    Response refused = post("Sec-Fetch-Site", "cross-site");
    refused.then().statusCode(403).body(containsString("posted from another site"));
    assertThat(refused.getCookie("margin-desk-console")).isNull();

    post("Sec-Fetch-Site", "same-site").then().statusCode(403);
    post("Origin", "https://attacker.example").then().statusCode(403);
    post("Origin", "null").then().statusCode(403);
  }

  @Test
  void givenASignInFromTheConsolesOwnPage_whenItArrives_thenThePersonIsSignedIn() {
    for (Response signedIn :
        new Response[] {
          post("Sec-Fetch-Site", "same-origin"),
          post("Origin", "http://" + base.getHost() + ":" + base.getPort()),
          given()
              .redirects()
              .follow(false)
              .formParam("j_username", "viewer")
              .formParam("j_password", "viewer")
              .post("/j_security_check")
        }) {
      signedIn.then().statusCode(302);
      assertThat(signedIn.getCookie("margin-desk-console")).isNotBlank();
    }
  }

  @Test
  void givenWhatTheBrowserSays_whenJudged_thenOnlyTheConsolesOwnOriginPasses() {
    assertThat(LoginOriginCheck.sameSite("none", null, "desk:8080")).isTrue();
    assertThat(LoginOriginCheck.sameSite(" Same-Origin ", "https://x", "desk:8080")).isTrue();
    assertThat(LoginOriginCheck.sameSite("cross-site", null, "desk:8080")).isFalse();
    assertThat(LoginOriginCheck.sameSite(null, "https://desk:8080", "desk:8080")).isTrue();
    assertThat(LoginOriginCheck.sameSite(null, "https://desk:8080.attacker", "desk:8080"))
        .isFalse();
    assertThat(LoginOriginCheck.sameSite(null, "not a uri", "desk:8080")).isFalse();
    assertThat(LoginOriginCheck.sameSite(null, null, "desk:8080")).isTrue();
  }

  private static Response post(String header, String value) {
    return given()
        .redirects()
        .follow(false)
        .header(header, value)
        .formParam("j_username", "viewer")
        .formParam("j_password", "viewer")
        .post("/j_security_check");
  }
}
