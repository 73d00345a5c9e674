package org.margindesk.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A local HTTP server plays the OIDC provider: discovery document and JWKS. */
class BearerTokenVerifierTest {
  private HttpServer provider;
  private String issuer;
  private RsaJsonWebKey signingKey;

  @BeforeEach
  void startProvider() throws Exception {
    signingKey = RsaJwkGenerator.generateJwk(2048);
    signingKey.setKeyId("key-1");
    provider = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    issuer = "http://127.0.0.1:" + provider.getAddress().getPort() + "/realms/ops";
    String jwks = new JsonWebKeySet(signingKey).toJson();
    String discovery = "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + issuer + "/certs\"}";
    provider.createContext("/realms/ops/certs", exchange -> respond(exchange, jwks));
    provider.createContext(
        "/realms/ops/.well-known/openid-configuration", exchange -> respond(exchange, discovery));
    provider.start();
  }

  @AfterEach
  void stopProvider() {
    provider.stop(0);
  }

  @Test
  void givenATokenFromTheIssuer_whenVerified_thenPrincipalAndNestedRolesAreRead() throws Exception {
    var verifier = verifier("realm_access.roles", Optional.of("margin-desk"));
    String token = sign(signingKey, claims(issuer, "margin-desk", 300));

    var verified = verifier.verify(token);

    assertThat(verified.principal()).isEqualTo("alice");
    assertThat(verified.roles()).containsExactlyInAnyOrder("supervisor", "offline_access");
  }

  @Test
  void givenAnotherIssuer_whenVerified_thenRejected() throws Exception {
    var verifier = verifier("realm_access.roles", Optional.empty());
    String token = sign(signingKey, claims("http://elsewhere", "margin-desk", 300));
    assertThatThrownBy(() -> verifier.verify(token))
        .isInstanceOf(BearerTokenVerifier.InvalidTokenException.class);
  }

  @Test
  void givenAnExpiredToken_whenVerified_thenRejected() throws Exception {
    var verifier = verifier("realm_access.roles", Optional.empty());
    String token = sign(signingKey, claims(issuer, "margin-desk", -600));
    assertThatThrownBy(() -> verifier.verify(token))
        .isInstanceOf(BearerTokenVerifier.InvalidTokenException.class);
  }

  @Test
  void givenATokenSignedByAnUnknownKey_whenVerified_thenRejected() throws Exception {
    var verifier = verifier("realm_access.roles", Optional.empty());
    RsaJsonWebKey forged = RsaJwkGenerator.generateJwk(2048);
    forged.setKeyId("key-1");
    String token = sign(forged, claims(issuer, "margin-desk", 300));
    assertThatThrownBy(() -> verifier.verify(token))
        .isInstanceOf(BearerTokenVerifier.InvalidTokenException.class);
  }

  @Test
  void givenTheWrongAudience_whenVerified_thenRejected() throws Exception {
    var verifier = verifier("realm_access.roles", Optional.of("margin-desk"));
    String token = sign(signingKey, claims(issuer, "another-app", 300));
    assertThatThrownBy(() -> verifier.verify(token))
        .isInstanceOf(BearerTokenVerifier.InvalidTokenException.class);
  }

  @Test
  void rolesMayBeAFlatListOrASpaceSeparatedString() {
    assertThat(BearerTokenVerifier.roles(Map.of("groups", List.of("viewer")), "groups"))
        .containsExactly("viewer");
    assertThat(BearerTokenVerifier.roles(Map.of("scope", "feed viewer"), "scope"))
        .containsExactly("feed", "viewer");
    assertThat(BearerTokenVerifier.roles(Map.of(), "realm_access.roles")).isEmpty();
  }

  private BearerTokenVerifier verifier(String rolesClaim, Optional<String> audience) {
    return new BearerTokenVerifier(
        new BearerTokenVerifier.Settings(
            Optional.of(issuer), Optional.empty(), audience, rolesClaim, "preferred_username"));
  }

  private static JwtClaims claims(String issuer, String audience, int expiresInSeconds) {
    JwtClaims claims = new JwtClaims();
    claims.setIssuer(issuer);
    claims.setAudience(audience);
    claims.setSubject("0f3c");
    claims.setClaim("preferred_username", "alice");
    claims.setClaim("realm_access", Map.of("roles", List.of("supervisor", "offline_access")));
    claims.setIssuedAtToNow();
    NumericDate expiry = NumericDate.now();
    expiry.addSeconds(expiresInSeconds);
    claims.setExpirationTime(expiry);
    return claims;
  }

  private static String sign(RsaJsonWebKey key, JwtClaims claims) throws Exception {
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(claims.toJson());
    jws.setKey(key.getPrivateKey());
    jws.setKeyIdHeaderValue(key.getKeyId());
    jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
    return jws.getCompactSerialization();
  }

  private static void respond(com.sun.net.httpserver.HttpExchange exchange, String body)
      throws java.io.IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }
}
