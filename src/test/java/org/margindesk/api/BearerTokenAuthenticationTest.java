package org.margindesk.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.margindesk.api.MarginCallTestSupport.freshAccount;
import static org.margindesk.api.MarginCallTestSupport.openCall;
import static org.margindesk.api.MarginCallTestSupport.registerFacility;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.margindesk.security.StubOidcIssuer;
import org.margindesk.security.WithStubIssuer;
import org.margindesk.service.LifecycleFixtures;

/**
 * Bearer tokens verified by quarkus-oidc against an issuer found by discovery (a stub provider on
 * loopback, with its own signing key). Embedded mode stays on, so the built-in Basic users work
 * beside the tokens, as they do in dev mode.
 */
@QuarkusTest
@TestProfile(WithStubIssuer.class)
class BearerTokenAuthenticationTest {

  @Inject LifecycleFixtures fixtures;

  @Test
  void givenAValidToken_whenAskingWhoAmI_thenTheSubjectAndTheImpliedRolesAreSeen() {
    String token = StubOidcIssuer.sign(StubOidcIssuer.claims("u-100", "alice", "supervisor"));

    bearer(token)
        .get("/api/v1/me")
        .then()
        .statusCode(200)
        .body("user", equalTo("alice"))
        .body("subject", equalTo(StubOidcIssuer.issuer() + "#u-100"))
        .body("roles", contains("operator", "supervisor", "viewer"));
  }

  static Stream<Arguments> invalidTokens() {
    long now = System.currentTimeMillis() / 1000;
    return Stream.of(
        Arguments.of("expired", signed(c -> put(c, "exp", now - 3600))),
        Arguments.of("not yet valid", signed(c -> put(c, "nbf", now + 3600))),
        Arguments.of("wrong issuer", signed(c -> put(c, "iss", "https://elsewhere.example/ops"))),
        Arguments.of("wrong audience", signed(c -> put(c, "aud", "another-service"))),
        Arguments.of("alg none", unsignedToken()),
        Arguments.of("HS256 keyed with the public key", hs256WithThePublicKey()),
        Arguments.of("unknown kid", unknownKid()),
        Arguments.of("tampered payload", tampered()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidTokens")
  void givenAnInvalidToken_whenTheApiIsCalled_then401ProblemJson(
      String why, java.util.function.Supplier<String> token) {
    bearer(token.get())
        .get("/api/v1/me")
        .then()
        .statusCode(401)
        .contentType(startsWith("application/problem+json"))
        .body("status", equalTo(401))
        .body("detail", containsString("Credentials"));
  }

  @Test
  void givenAValidTokenWithoutRoles_whenTheApiIsCalled_then403ProblemJson() {
    bearer(StubOidcIssuer.sign(StubOidcIssuer.claims("u-200", "nobody")))
        .get("/api/v1/me")
        .then()
        .statusCode(403)
        .contentType(startsWith("application/problem+json"));
  }

  @Test
  void givenOnePersonWithTwoUserNames_whenApprovingTheirOwnWaiver_thenTheApprovalIsRefused() {
    String account = freshAccount("oidc-four-eyes");
    registerFacility(account, null);
    String callId = openCall(fixtures, account, "2026-11-22T10:00:00Z");
    String asCarol = StubOidcIssuer.sign(StubOidcIssuer.claims("u-300", "carol", "supervisor"));
    String asCarolAgain =
        StubOidcIssuer.sign(StubOidcIssuer.claims("u-300", "carol.admin", "supervisor"));
    String asDave = StubOidcIssuer.sign(StubOidcIssuer.claims("u-301", "carol", "supervisor"));

    String waiverId =
        post(asCarol, callId, "waivers", "{\"reason\":\"feed error\"}")
            .statusCode(201)
            .body("requestedBy", equalTo(StubOidcIssuer.issuer() + "#u-300"))
            .extract()
            .path("id");

    post(asCarolAgain, callId, "waivers/" + waiverId + "/approve", "")
        .statusCode(403)
        .body("detail", containsString("self-approval"));
    // Another person who happens to carry the same display name is a second pair of eyes.
    post(asDave, callId, "waivers/" + waiverId + "/approve", "")
        .statusCode(200)
        .body("status", equalTo("APPROVED"));
    assertThat(
            fixtures.count(
                "SELECT count(*) FROM audit_record WHERE margin_call_id = ? AND action = ?",
                callId,
                "WAIVER_SELF_APPROVAL_REJECTED"))
        .isEqualTo(1);
  }

  private static io.restassured.specification.RequestSpecification bearer(String token) {
    return given().header("Authorization", "Bearer " + token);
  }

  private static ValidatableResponse post(String token, String callId, String action, String body) {
    return bearer(token)
        .contentType(ContentType.JSON)
        .body(body)
        .post("/api/v1/margin-calls/" + callId + "/" + action)
        .then();
  }

  // Tokens are made when a case runs: the issuer and its key exist only once Quarkus has started.

  private static java.util.function.Supplier<String> signed(
      UnaryOperator<Map<String, Object>> change) {
    return () -> StubOidcIssuer.sign(change.apply(valid()));
  }

  private static java.util.function.Supplier<String> unsignedToken() {
    return () ->
        StubOidcIssuer.encode(Map.of("alg", "none", "typ", "JWT"))
            + "."
            + StubOidcIssuer.encode(valid())
            + ".";
  }

  private static java.util.function.Supplier<String> hs256WithThePublicKey() {
    return () -> {
      String input =
          StubOidcIssuer.encode(Map.of("alg", "HS256", "typ", "JWT", "kid", StubOidcIssuer.KEY_ID))
              + "."
              + StubOidcIssuer.encode(valid());
      try {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(StubOidcIssuer.publicKeyBytes(), "HmacSHA256"));
        byte[] signature = mac.doFinal(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
      } catch (java.security.GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    };
  }

  private static java.util.function.Supplier<String> unknownKid() {
    return () ->
        StubOidcIssuer.sign(Map.of("alg", "RS256", "typ", "JWT", "kid", "not-published"), valid());
  }

  private static java.util.function.Supplier<String> tampered() {
    return () -> {
      String[] parts = StubOidcIssuer.sign(valid()).split("\\.");
      Map<String, Object> elevated = valid();
      elevated.put("realm_access", Map.of("roles", List.of("supervisor")));
      return parts[0] + "." + StubOidcIssuer.encode(elevated) + "." + parts[2];
    };
  }

  private static Map<String, Object> valid() {
    return new HashMap<>(StubOidcIssuer.claims("u-400", "mallory", "viewer"));
  }

  private static Map<String, Object> put(Map<String, Object> claims, String name, Object value) {
    claims.put(name, value);
    return claims;
  }
}
