package org.margindesk.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The stub issuer's authorization-code flow, as the console's OIDC tenant meets it at a real
 * provider: {@code auth} signs in the person a test named (instead of asking for a password) and
 * redirects back with a one-time code; {@code token} trades the code, for the console's client and
 * secret only, for an ID token and an access token signed by the issuer's key; {@code logout} ends
 * the provider's session and goes back where the client asked.
 */
public final class StubSignIn {
  public static final String CLIENT_ID = "margin-desk-console";
  public static final String CLIENT_SECRET = "console-secret";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Who the provider signs in next. */
  private static volatile Person next;

  private static final Map<String, Grant> CODES = new ConcurrentHashMap<>();

  private record Person(String subject, String userName, String[] roles) {}

  private record Grant(Person person, String redirectUri, String nonce) {}

  private StubSignIn() {}

  /** The person whose password the provider will next accept: as if they typed it there. */
  public static void signInNext(String subject, String userName, String... roles) {
    next = new Person(subject, userName, roles);
  }

  static void serve(HttpServer server, String prefix) {
    server.createContext(prefix + "auth", StubSignIn::authorize);
    server.createContext(prefix + "token", StubSignIn::token);
    server.createContext(prefix + "logout", StubSignIn::logout);
  }

  private static void authorize(HttpExchange exchange) throws IOException {
    Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
    Person person = next;
    if (person == null || !CLIENT_ID.equals(query.get("client_id"))) {
      send(exchange, 400, "{\"error\":\"invalid_request\"}");
      return;
    }
    String code = UUID.randomUUID().toString();
    CODES.put(code, new Grant(person, query.get("redirect_uri"), query.get("nonce")));
    redirect(
        exchange,
        query.get("redirect_uri")
            + (query.get("redirect_uri").contains("?") ? "&" : "?")
            + "code="
            + code
            + "&state="
            + URLEncoder.encode(query.getOrDefault("state", ""), StandardCharsets.UTF_8));
  }

  private static void token(HttpExchange exchange) throws IOException {
    Map<String, String> body =
        form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    if (!clientAuthenticated(exchange, body)) {
      send(exchange, 401, "{\"error\":\"invalid_client\"}");
      return;
    }
    Grant grant = CODES.remove(body.getOrDefault("code", ""));
    if (grant == null
        || !"authorization_code".equals(body.get("grant_type"))
        || !grant.redirectUri().equals(body.get("redirect_uri"))) {
      send(exchange, 400, "{\"error\":\"invalid_grant\"}");
      return;
    }
    Person person = grant.person();
    Map<String, Object> idToken =
        new LinkedHashMap<>(
            StubOidcIssuer.claims(person.subject(), person.userName(), person.roles()));
    idToken.put("aud", CLIENT_ID);
    if (grant.nonce() != null) {
      idToken.put("nonce", grant.nonce());
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put(
        "access_token",
        StubOidcIssuer.sign(
            StubOidcIssuer.claims(person.subject(), person.userName(), person.roles())));
    answer.put("id_token", StubOidcIssuer.sign(idToken));
    answer.put("token_type", "Bearer");
    answer.put("expires_in", 300);
    send(exchange, 200, JSON.writeValueAsString(answer));
  }

  private static void logout(HttpExchange exchange) throws IOException {
    String back = form(exchange.getRequestURI().getRawQuery()).get("post_logout_redirect_uri");
    if (back == null) {
      send(exchange, 200, "{}");
    } else {
      redirect(exchange, back);
    }
  }

  /** client_secret_basic, which quarkus-oidc uses by default, or client_secret_post. */
  private static boolean clientAuthenticated(HttpExchange exchange, Map<String, String> body) {
    String basic = exchange.getRequestHeaders().getFirst("Authorization");
    if (basic != null && basic.startsWith("Basic ")) {
      String pair =
          new String(Base64.getDecoder().decode(basic.substring(6)), StandardCharsets.UTF_8);
      return pair.equals(CLIENT_ID + ":" + CLIENT_SECRET);
    }
    return CLIENT_ID.equals(body.get("client_id"))
        && CLIENT_SECRET.equals(body.get("client_secret"));
  }

  private static Map<String, String> form(String encoded) {
    Map<String, String> values = new HashMap<>();
    if (encoded == null || encoded.isEmpty()) {
      return values;
    }
    for (String pair : encoded.split("&")) {
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      String value = equals < 0 ? "" : pair.substring(equals + 1);
      values.put(
          URLDecoder.decode(name, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return values;
  }

  private static void redirect(HttpExchange exchange, String location) throws IOException {
    exchange.getResponseHeaders().set("Location", URI.create(location).toString());
    exchange.sendResponseHeaders(302, -1);
    exchange.close();
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (var out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
