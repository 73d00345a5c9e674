package org.margindesk.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.Cookie;
import io.restassured.response.Response;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.margindesk.security.StubOidcIssuer;
import org.margindesk.security.StubSignIn;
import org.margindesk.security.WithStubIssuer;

/**
 * With an OIDC client configured for it, as production has, the console signs people in through the
 * provider (the authorization-code flow of quarkus-oidc's web-app tenant {@code console}), with
 * roles and identity from the ID token read as the API reads bearer tokens.
 */
@QuarkusTest
@TestProfile(WithStubIssuer.class)
class ConsoleOidcSignInTest {

  @Test
  void givenAnOperatorAtTheProvider_whenSigningIn_thenTheConsoleShowsThemWithTheirRoles() {
    StubSignIn.signInNext("u-console-dana", "dana", "operator");
    Map<String, String> cookies = signIn("/console/tasks");

    Response inbox = get("/console/tasks", cookies);
    inbox.then().statusCode(200);
    assertThat(inbox.asString())
        .contains("<span id=\"whoami\">dana</span>", "operator", "href=\"/console/tasks\"");

    // The console's session never authenticates an API call: the API wants Basic or a bearer.
    given().cookies(cookies).get("/api/v1/me").then().statusCode(401);

    // Signing out ends the provider's session too, and comes back to the console's sign-in page.
    Response out = given().redirects().follow(false).cookies(cookies).post("/console/logout");
    keep(out, cookies);
    out.then().statusCode(302);
    assertThat(out.getHeader("Location"))
        .startsWith(StubOidcIssuer.issuer() + "/protocol/openid-connect/logout")
        .contains("post_logout_redirect_uri=");
    get("/console/tasks", cookies).then().statusCode(302);
  }

  @Test
  void givenAPersonWithoutAConsoleRole_whenSigningIn_thenTheConsoleRefusesThem() {
    StubSignIn.signInNext("u-console-erin", "erin");
    Map<String, String> cookies = signIn("/console");
    get("/console", cookies).then().statusCode(403);
  }

  @Test
  void givenAViewer_whenOpeningTheTaskInbox_thenItIsRefusedAndTheDeskIsNot() {
    StubSignIn.signInNext("u-console-finn", "finn", "viewer");
    Map<String, String> cookies = signIn("/console");
    get("/console", cookies).then().statusCode(200);
    get("/console/tasks", cookies).then().statusCode(403);
  }

  @Test
  void givenABuiltInUsersFormLogin_whenOpeningTheConsole_thenItSendsThemToTheProvider() {
    // Built-in users exist in embedded mode and the form still answers, but its cookie is not a
    // way into the console: only the provider's session is.
    String formCookie =
        given()
            .redirects()
            .follow(false)
            .formParam("j_username", "supervisor")
            .formParam("j_password", "supervisor")
            .post("/j_security_check")
            .getCookie("margin-desk-console");
    Response page =
        given()
            .redirects()
            .follow(false)
            .cookie("margin-desk-console", formCookie == null ? "none" : formCookie)
            .get("/console/tasks");
    page.then().statusCode(302);
    assertThat(page.getHeader("Location")).startsWith(StubOidcIssuer.issuer());
  }

  /**
   * Opens {@code path} without a session, follows the provider's sign-in and the callback, and
   * answers the session cookies; checks that the console sends the person back where they were.
   */
  private static Map<String, String> signIn(String path) {
    Map<String, String> cookies = new HashMap<>();
    Response toProvider = get(path, cookies);
    toProvider.then().statusCode(302);
    String authorize = toProvider.getHeader("Location");
    assertThat(authorize)
        .startsWith(StubOidcIssuer.issuer() + "/protocol/openid-connect/auth?")
        .contains("client_id=" + StubSignIn.CLIENT_ID, "response_type=code");

    Response provider = given().redirects().follow(false).urlEncodingEnabled(false).get(authorize);
    provider.then().statusCode(302);
    String callback = provider.getHeader("Location");

    Response back =
        given().redirects().follow(false).urlEncodingEnabled(false).cookies(cookies).get(callback);
    keep(back, cookies);
    back.then().statusCode(302);
    assertThat(back.getHeader("Location")).endsWith(path);
    return cookies;
  }

  private static Response get(String path, Map<String, String> cookies) {
    Response response = given().redirects().follow(false).cookies(cookies).get(path);
    keep(response, cookies);
    return response;
  }

  private static void keep(Response response, Map<String, String> cookies) {
    for (Cookie cookie : response.getDetailedCookies()) {
      if (cookie.getValue() == null || cookie.getValue().isEmpty() || cookie.getMaxAge() == 0) {
        cookies.remove(cookie.getName());
      } else {
        cookies.put(cookie.getName(), cookie.getValue());
      }
    }
  }
}
