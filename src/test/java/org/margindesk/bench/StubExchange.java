package org.margindesk.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;

/**
 * A stub exchange on 127.0.0.1 with the HTTP contract of docs/gateway.md: effects are POSTs with an
 * Idempotency-Key (a repeated key answers the first body and does nothing), controls are read with
 * GET. It records when it first received each opening restriction of an account.
 */
final class StubExchange implements ExchangeSide, AutoCloseable {
  private record Controls(boolean reduceOnly, boolean withdrawalsEnabled, boolean tradingEnabled) {}

  private final HttpServer server;
  private final ExecutorService pool = Executors.newFixedThreadPool(8);
  private final Map<String, String> answers = new ConcurrentHashMap<>();
  private final Map<String, Controls> controls = new ConcurrentHashMap<>();
  private final Map<String, Instant> reduceOnlyOpen = new ConcurrentHashMap<>();
  private final Map<String, Instant> withdrawalsOffOpen = new ConcurrentHashMap<>();

  StubExchange(int port) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 512);
    server.createContext("/accounts/", this::handle);
    server.setExecutor(pool);
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }

  @Override
  public String stampName() {
    return "stub received both";
  }

  @Override
  public String stampMeaning() {
    return "when the stub exchange received the request";
  }

  @Override
  public Map<String, Instant> restrictedAt(Collection<String> accounts) {
    Map<String, Instant> restricted = new HashMap<>();
    for (String account : accounts) {
      Instant a = reduceOnlyOpen.get(account);
      Instant b = withdrawalsOffOpen.get(account);
      if (a != null && b != null) {
        restricted.put(account, a.isAfter(b) ? a : b);
      }
    }
    return restricted;
  }

  @Override
  public Set<String> restrictedNow(Collection<String> accounts) {
    return restrictedAt(accounts).keySet();
  }

  @Override
  public Map<String, Instant> restrictedAtCalls(Map<String, String> callIdByAccount) {
    return restrictedAt(callIdByAccount.keySet());
  }

  private void handle(HttpExchange exchange) throws IOException {
    Instant received = Instant.now();
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath(); // /accounts/{id}/{action}
      String[] parts = path.split("/");
      if (parts.length != 4) {
        reply(exchange, 404, "{\"error\":\"unknown path\"}");
        return;
      }
      String account = URLDecoder.decode(parts[2], StandardCharsets.UTF_8);
      String action = parts[3];
      if (exchange.getRequestMethod().equals("GET") && action.equals("controls")) {
        Controls c = controls.get(account);
        reply(exchange, c == null ? 404 : 200, c == null ? "{}" : controlsJson(c));
        return;
      }
      if (!exchange.getRequestMethod().equals("POST")) {
        reply(exchange, 405, "{}");
        return;
      }
      String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
      if (key == null || key.isBlank()) {
        reply(exchange, 400, "{\"error\":\"Idempotency-Key is required\"}");
        return;
      }
      JsonNode body = ServiceClient.JSON.readTree(readAll(exchange.getRequestBody()));
      String answer =
          answers.computeIfAbsent(key, k -> perform(account, action, body, k, received));
      reply(exchange, answer == null ? 404 : 200, answer == null ? "{}" : answer);
    } catch (RuntimeException e) {
      reply(exchange, 500, "{\"error\":\"stub failed\"}");
    }
  }

  /** The effect, done once per key; null for an unknown action. */
  private String perform(
      String account, String action, JsonNode body, String key, Instant received) {
    boolean enabled = body.path("enabled").asBoolean(false);
    boolean opening = key.contains(":open:");
    String effect;
    switch (action) {
      case "reduce-only" -> {
        update(account, c -> new Controls(enabled, c.withdrawalsEnabled(), c.tradingEnabled()));
        effect = enabled ? "REDUCE_ONLY_ON" : "REDUCE_ONLY_OFF";
        if (enabled && opening) {
          reduceOnlyOpen.putIfAbsent(account, received);
        }
      }
      case "withdrawals" -> {
        update(account, c -> new Controls(c.reduceOnly(), enabled, c.tradingEnabled()));
        effect = enabled ? "WITHDRAWALS_ON" : "WITHDRAWALS_OFF";
        if (!enabled && opening) {
          withdrawalsOffOpen.putIfAbsent(account, received);
        }
      }
      case "trading" -> {
        update(account, c -> new Controls(c.reduceOnly(), c.withdrawalsEnabled(), enabled));
        effect = enabled ? "TRADING_ON" : "TRADING_OFF";
      }
      case "close-positions" -> effect = "CLOSE_POSITIONS";
      case "fund-moves" -> effect = "FUND_MOVE";
      default -> {
        return null;
      }
    }
    ObjectNode answer = ServiceClient.JSON.createObjectNode();
    answer.put("stub", true);
    answer.put("accountId", account);
    answer.put("effect", effect);
    answer.put("idempotencyKey", key);
    answer.put("performedAt", received.toString());
    return answer.toString();
  }

  private void update(String account, UnaryOperator<Controls> change) {
    controls.compute(
        account, (k, old) -> change.apply(old == null ? new Controls(false, true, true) : old));
  }

  private static String controlsJson(Controls c) {
    return "{\"reduceOnly\":"
        + c.reduceOnly()
        + ",\"withdrawalsEnabled\":"
        + c.withdrawalsEnabled()
        + ",\"tradingEnabled\":"
        + c.tradingEnabled()
        + "}";
  }

  private static byte[] readAll(InputStream in) throws IOException {
    return in.readAllBytes();
  }

  private static void reply(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
