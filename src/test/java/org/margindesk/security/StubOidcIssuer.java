package org.margindesk.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An OIDC provider for tests: a discovery document and a JWKS on a loopback port, and tokens signed
 * by its test key. It stands in for a real issuer (quarkus-test-oidc-server is not available); the
 * service under test fetches discovery and keys from it exactly as from a real one.
 */
public class StubOidcIssuer implements QuarkusTestResourceLifecycleManager {
  public static final String AUDIENCE = "margin-desk";
  public static final String KEY_ID = "stub-key-1";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private static volatile KeyPair keys;
  private static volatile String issuer;
  private HttpServer server;

  @Override
  public Map<String, String> start() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      keys = generator.generateKeyPair();
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot start the stub OIDC issuer", e);
    }
    issuer = "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/ops";
    String endpoints = issuer + "/protocol/openid-connect/";
    String discovery =
        json(
            Map.of(
                "issuer", issuer,
                "jwks_uri", endpoints + "certs",
                "authorization_endpoint", endpoints + "auth",
                "token_endpoint", endpoints + "token",
                "end_session_endpoint", endpoints + "logout"));
    server.createContext(
        "/realms/ops/.well-known/openid-configuration", exchange -> respond(exchange, discovery));
    server.createContext(
        "/realms/ops/protocol/openid-connect/certs", exchange -> respond(exchange, jwks()));
    StubSignIn.serve(server, "/realms/ops/protocol/openid-connect/");
    server.start();
    // The console signs people in through this issuer too, as its OIDC client.
    return Map.of(
        "margin-desk.security.bearer.issuer",
        issuer,
        "margin-desk.security.bearer.audience",
        AUDIENCE,
        "margin-desk.security.bearer.roles-claim",
        "realm_access.roles",
        "margin-desk.security.console.client-id",
        StubSignIn.CLIENT_ID,
        "margin-desk.security.console.client-secret",
        StubSignIn.CLIENT_SECRET);
  }

  @Override
  public void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  public static String issuer() {
    return issuer;
  }

  /** Claims of a valid token for {@code subject}, valid for five minutes from now. */
  public static Map<String, Object> claims(String subject, String userName, String... roles) {
    long now = System.currentTimeMillis() / 1000;
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", issuer);
    claims.put("sub", subject);
    claims.put("aud", AUDIENCE);
    claims.put("preferred_username", userName);
    claims.put("realm_access", Map.of("roles", List.of(roles)));
    claims.put("iat", now);
    claims.put("exp", now + 300);
    return claims;
  }

  /** A token signed with the issuer's key (RS256) under its published key id. */
  public static String sign(Map<String, Object> claims) {
    return sign(Map.of("alg", "RS256", "typ", "JWT", "kid", KEY_ID), claims);
  }

  /** A token with the given header, signed with the issuer's key (RS256). */
  public static String sign(Map<String, Object> header, Map<String, Object> claims) {
    String signingInput = encode(header) + "." + encode(claims);
    try {
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initSign(keys.getPrivate());
      rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + B64.encodeToString(rsa.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The issuer's public key in its X.509 encoding: what an HS256 key-confusion attack uses. */
  public static byte[] publicKeyBytes() {
    return keys.getPublic().getEncoded();
  }

  public static String encode(Map<String, Object> part) {
    return B64.encodeToString(json(part).getBytes(StandardCharsets.UTF_8));
  }

  private static String jwks() {
    RSAPublicKey key = (RSAPublicKey) keys.getPublic();
    Map<String, Object> jwk = new LinkedHashMap<>();
    jwk.put("kty", "RSA");
    jwk.put("kid", KEY_ID);
    jwk.put("use", "sig");
    jwk.put("alg", "RS256");
    jwk.put("n", unsigned(key.getModulus()));
    jwk.put("e", unsigned(key.getPublicExponent()));
    return json(Map.of("keys", List.of(jwk)));
  }

  private static String unsigned(BigInteger value) {
    byte[] bytes = value.toByteArray();
    int skip = bytes.length > 1 && bytes[0] == 0 ? 1 : 0;
    return B64.encodeToString(java.util.Arrays.copyOfRange(bytes, skip, bytes.length));
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void respond(HttpExchange exchange, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, bytes.length);
    try (var out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
