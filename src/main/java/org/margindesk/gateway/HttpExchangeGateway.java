package org.margindesk.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.margindesk.domain.Money;
import org.margindesk.domain.Restriction;

/**
 * The exchange's admin endpoint over HTTP (contract: docs/gateway.md). Every request carries an
 * {@code Idempotency-Key} header, so a later activity attempt after a timeout is safe: the exchange
 * answers a repeated key from its memory. One request per call: Temporal's retry policy, with its
 * backoff, is the only retry layer.
 */
public class HttpExchangeGateway implements ExchangeGateway {
  public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

  private final URI baseUrl;
  private final Duration requestTimeout;
  private final HttpClient client;
  private final ObjectMapper json;

  public HttpExchangeGateway(
      URI baseUrl, Duration connectTimeout, Duration requestTimeout, ObjectMapper json) {
    String base = baseUrl.toString();
    this.baseUrl = URI.create(base.endsWith("/") ? base : base + "/");
    this.requestTimeout = requestTimeout;
    this.json = json;
    this.client = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
  }

  @Override
  public String setRestriction(
      String idempotencyKey, String accountId, Restriction restriction, boolean enabled) {
    return post(idempotencyKey, accountId, restriction.path(), Map.of("enabled", enabled));
  }

  @Override
  public String closeAllPositions(String idempotencyKey, String accountId) {
    return post(idempotencyKey, accountId, "close-positions", Map.of());
  }

  @Override
  public String moveFunds(
      String idempotencyKey,
      String accountId,
      String asset,
      BigDecimal amount,
      String destination) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("asset", asset);
    body.put("amount", Money.format(Money.of(amount)));
    body.put("to", destination);
    return post(idempotencyKey, accountId, "fund-moves", body);
  }

  @Override
  public AccountControls restrictions(String accountId) {
    HttpRequest request =
        HttpRequest.newBuilder(baseUrl.resolve("accounts/" + encode(accountId) + "/controls"))
            .timeout(requestTimeout)
            .GET()
            .build();
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 404) {
        return AccountControls.UNRESTRICTED;
      }
      if (response.statusCode() != 200) {
        throw new GatewayException(
            "exchange answered " + response.statusCode() + " to controls: " + response.body(),
            response.statusCode() >= 500,
            null);
      }
      return json.readValue(response.body(), AccountControls.class);
    } catch (IOException e) {
      throw new GatewayException("reading controls failed: " + e.getMessage(), true, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GatewayException("reading controls interrupted", true, e);
    }
  }

  private String post(String key, String accountId, String action, Map<String, Object> body) {
    HttpRequest request =
        HttpRequest.newBuilder(baseUrl.resolve("accounts/" + encode(accountId) + "/" + action))
            .timeout(requestTimeout)
            .header("Content-Type", "application/json")
            .header(IDEMPOTENCY_KEY, key)
            .POST(HttpRequest.BodyPublishers.ofString(write(body)))
            .build();
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      int status = response.statusCode();
      if (status >= 200 && status < 300) {
        return response.body().isBlank() ? "{}" : response.body();
      }
      boolean retryable = status >= 500 || status == 409 || status == 429;
      throw new GatewayException(
          "exchange answered " + status + " to " + action + ": " + response.body(),
          retryable,
          null);
    } catch (HttpTimeoutException e) {
      // The exchange may have performed the effect; the same key makes the retry safe.
      throw new GatewayException(action + " timed out after " + requestTimeout, true, e);
    } catch (IOException e) {
      throw new GatewayException(action + " failed: " + e.getMessage(), true, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GatewayException(action + " interrupted", true, e);
    }
  }

  private static String encode(String segment) {
    return java.net.URLEncoder.encode(segment, java.nio.charset.StandardCharsets.UTF_8)
        .replace("+", "%20");
  }

  private String write(Map<String, Object> body) {
    try {
      return json.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
