package org.margindesk.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.margindesk.domain.Restriction;

/**
 * The HTTP gateway against a stub exchange that honours Idempotency-Key as docs/gateway.md
 * describes: it performs each key's effect once and answers repeats from memory.
 */
class HttpExchangeGatewayTest {
  private HttpServer server;
  private final List<String> keysSeen = new CopyOnWriteArrayList<>();
  private final List<String> paths = new CopyOnWriteArrayList<>();
  private final List<String> bodies = new CopyOnWriteArrayList<>();
  private final Map<String, String> answers = new ConcurrentHashMap<>();
  private final AtomicInteger effects = new AtomicInteger();
  private final AtomicInteger slowFirstResponses = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();

  /** A late answer waits here until the client has given up; released when the test ends. */
  private final CountDownLatch lateAnswers = new CountDownLatch(1);

  private volatile int status = 200;

  @BeforeEach
  void startStub() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/admin/", this::handle);
    server.start();
  }

  @AfterEach
  void stopStub() {
    lateAnswers.countDown();
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    if (exchange.getRequestURI().getRawPath().endsWith("/controls")) {
      boolean known = exchange.getRequestURI().getRawPath().contains("/acc%201/");
      reply(
          exchange,
          known ? 200 : 404,
          known
              ? "{\"reduceOnly\":true,\"withdrawalsEnabled\":false,\"tradingEnabled\":true}"
              : "{}");
      return;
    }
    int now = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(now, Math::max);
    try {
      answer(exchange);
    } finally {
      inFlight.decrementAndGet();
    }
  }

  private void answer(HttpExchange exchange) throws IOException {
    String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
    keysSeen.add(key);
    paths.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath());
    bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    String path = exchange.getRequestURI().getRawPath();
    int code = path.contains("/refused-") ? 403 : path.contains("/busy-") ? 503 : status;
    if (code != 200) {
      reply(exchange, code, "{\"error\":\"refused\"}");
      return;
    }
    String answer =
        answers.computeIfAbsent(
            key, k -> "{\"effect\":" + effects.incrementAndGet() + ",\"key\":\"" + k + "\"}");
    if (slowFirstResponses.getAndDecrement() > 0) {
      // The effect is done, but the answer arrives after the client gave up.
      awaitQuietly(lateAnswers);
    }
    reply(exchange, 200, answer);
  }

  private static void reply(HttpExchange exchange, int code, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    try {
      exchange.sendResponseHeaders(code, bytes.length);
      exchange.getResponseBody().write(bytes);
    } catch (IOException e) {
      // The client timed out and closed the connection.
    } finally {
      exchange.close();
    }
  }

  private HttpExchangeGateway gateway() {
    return new HttpExchangeGateway(
        URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/admin/v1"),
        Duration.ofSeconds(1),
        // Long enough for a loaded CI machine to answer in time; the late answer waits on a latch.
        Duration.ofSeconds(1),
        4,
        new ObjectMapper());
  }

  @Test
  void givenManyRestrictions_whenSetTogether_thenEachIsAnsweredOnItsOwnWithinTheBound() {
    List<RestrictionOrder> orders = new java.util.ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String account = (i == 3 ? "refused-" : i == 7 ? "busy-" : "acc-") + i;
      orders.add(
          new RestrictionOrder(
              "call-" + i + ":open:reduce-only-on", account, Restriction.REDUCE_ONLY, true));
    }

    List<RestrictionResult> results = gateway().setRestrictions(orders);

    assertThat(results).extracting(RestrictionResult::order).containsExactlyElementsOf(orders);
    assertThat(results.get(3).isDone()).isFalse();
    assertThat(results.get(3).retryable()).isFalse();
    assertThat(results.get(3).error()).contains("403");
    assertThat(results.get(7).isDone()).isFalse();
    assertThat(results.get(7).retryable()).isTrue();
    assertThat(results).filteredOn(RestrictionResult::isDone).hasSize(18);
    assertThat(results.get(0).result()).isEqualTo(answers.get("call-0:open:reduce-only-on"));
    assertThat(keysSeen).hasSize(20);
    assertThat(maxInFlight.get()).isBetween(1, 4);
  }

  @Test
  void givenAnAccount_whenItsControlsAreRead_thenTheExchangeAnswerIsReturned() {
    assertThat(gateway().restrictions("acc 1")).isEqualTo(new AccountControls(true, false, true));
    assertThat(gateway().restrictions("unknown")).isEqualTo(AccountControls.UNRESTRICTED);
  }

  @Test
  void givenAFirstAttemptThatTimesOut_whenTheActivityRetries_thenTheSameKeyGivesOneEffect() {
    slowFirstResponses.set(1);
    HttpExchangeGateway gateway = gateway();

    assertThatThrownBy(
            () ->
                gateway.setRestriction(
                    "call-1:open:reduce-only-on", "acc 1", Restriction.REDUCE_ONLY, true))
        .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.retryable()).isTrue())
        .hasMessageContaining("timed out");
    String result =
        gateway.setRestriction(
            "call-1:open:reduce-only-on", "acc 1", Restriction.REDUCE_ONLY, true);

    assertThat(keysSeen)
        .containsExactly("call-1:open:reduce-only-on", "call-1:open:reduce-only-on");
    assertThat(effects).hasValue(1);
    assertThat(result).isEqualTo("{\"effect\":1,\"key\":\"call-1:open:reduce-only-on\"}");
    assertThat(paths).allMatch(p -> p.equals("POST /admin/v1/accounts/acc%201/reduce-only"));
    assertThat(bodies.get(0)).isEqualTo("{\"enabled\":true}");
  }

  @Test
  void givenARepeatedKeyInALaterActivityAttempt_whenSent_thenTheFirstResultReturns() {
    HttpExchangeGateway gateway = gateway();

    String first =
        gateway.moveFunds(
            "call-1:reclaim", "acc-1", "USDT", new BigDecimal("10000.0"), "exchange:margin-plus");
    String second =
        gateway.moveFunds(
            "call-1:reclaim", "acc-1", "USDT", new BigDecimal("10000.0"), "exchange:margin-plus");

    assertThat(second).isEqualTo(first);
    assertThat(effects).hasValue(1);
    assertThat(bodies.get(0))
        .isEqualTo("{\"asset\":\"USDT\",\"amount\":\"10000\",\"to\":\"exchange:margin-plus\"}");
    assertThat(paths.get(0)).isEqualTo("POST /admin/v1/accounts/acc-1/fund-moves");
  }

  @Test
  void givenTheExchangeRefuses_whenCalled_thenANonRetryableErrorWithoutRetries() {
    status = 422;

    assertThatThrownBy(() -> gateway().closeAllPositions("call-1:close", "acc-1"))
        .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessageContaining("422");
    assertThat(keysSeen).hasSize(1);
  }

  @Test
  void givenTheExchangeFailsWith503_whenCalled_thenOneRequestAndARetryableErrorForTemporal() {
    status = 503;

    assertThatThrownBy(() -> gateway().closeAllPositions("call-1:close", "acc-1"))
        .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.retryable()).isTrue())
        .hasMessageContaining("503");
    // One retry layer: Temporal's, with its backoff. The gateway does not retry on its own.
    assertThat(keysSeen).containsExactly("call-1:close");
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
