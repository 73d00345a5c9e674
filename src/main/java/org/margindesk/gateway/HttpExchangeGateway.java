package org.margindesk.gateway;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import org.margindesk.config.JsonText;
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
  private final Semaphore inFlight;

  public HttpExchangeGateway(
      URI baseUrl,
      Duration connectTimeout,
      Duration requestTimeout,
      int maxInFlight,
      ObjectMapper json) {
    this.inFlight = new Semaphore(maxInFlight);
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

  /**
   * One request per order, at most {@code maxInFlight} at once; each order answers for itself. No
   * retry here either: an order that fails stays pending, and the call's workflow sends the same
   * key again.
   */
  @Override
  public List<RestrictionResult> setRestrictions(List<RestrictionOrder> orders) {
    List<CompletableFuture<RestrictionResult>> answers = new ArrayList<>(orders.size());
    for (RestrictionOrder order : orders) {
      try {
        inFlight.acquire();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        answers.add(
            CompletableFuture.completedFuture(
                RestrictionResult.failed(
                    order, new GatewayException("restriction interrupted", true, e))));
        continue;
      }
      HttpRequest request =
          effectRequest(
              order.idempotencyKey(),
              order.accountId(),
              order.restriction().path(),
              Map.of("enabled", order.enabled()));
      answers.add(
          client
              .sendAsync(request, HttpResponse.BodyHandlers.ofString())
              .handle(
                  (response, error) -> {
                    try {
                      return error == null
                          ? RestrictionResult.done(
                              order, answer(response, order.restriction().path()))
                          : RestrictionResult.failed(
                              order, failure(order.restriction().path(), unwrap(error)));
                    } catch (GatewayException refused) {
                      return RestrictionResult.failed(order, refused);
                    }
                  })
              .whenComplete((result, error) -> inFlight.release()));
    }
    return answers.stream().map(CompletableFuture::join).toList();
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
      // The exchange may add fields to its answer; only the service's own inputs are strict.
      return json.readerFor(AccountControls.class)
          .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .readValue(response.body());
    } catch (IOException e) {
      throw new GatewayException("reading controls failed: " + e.getMessage(), true, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GatewayException("reading controls interrupted", true, e);
    }
  }

  private String post(String key, String accountId, String action, Map<String, Object> body) {
    HttpRequest request = effectRequest(key, accountId, action, body);
    try {
      return answer(client.send(request, HttpResponse.BodyHandlers.ofString()), action);
    } catch (IOException e) {
      throw failure(action, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GatewayException(action + " interrupted", true, e);
    }
  }

  private HttpRequest effectRequest(
      String key, String accountId, String action, Map<String, Object> body) {
    return HttpRequest.newBuilder(baseUrl.resolve("accounts/" + encode(accountId) + "/" + action))
        .timeout(requestTimeout)
        .header("Content-Type", "application/json")
        .header(IDEMPOTENCY_KEY, key)
        .POST(HttpRequest.BodyPublishers.ofString(write(body)))
        .build();
  }

  private static String answer(HttpResponse<String> response, String action) {
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return response.body().isBlank() ? "{}" : response.body();
    }
    boolean retryable = status >= 500 || status == 409 || status == 429;
    throw new GatewayException(
        "exchange answered " + status + " to " + action + ": " + response.body(), retryable, null);
  }

  private GatewayException failure(String action, Throwable error) {
    if (error instanceof HttpTimeoutException) {
      // The exchange may have performed the effect; the same key makes the retry safe.
      return new GatewayException(action + " timed out after " + requestTimeout, true, error);
    }
    return new GatewayException(action + " failed: " + error.getMessage(), true, error);
  }

  private static Throwable unwrap(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null
        ? error.getCause()
        : error;
  }

  private static String encode(String segment) {
    return java.net.URLEncoder.encode(segment, java.nio.charset.StandardCharsets.UTF_8)
        .replace("+", "%20");
  }

  private String write(Map<String, Object> body) {
    return JsonText.write(json, body);
  }
}
