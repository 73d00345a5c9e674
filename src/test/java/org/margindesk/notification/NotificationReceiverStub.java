package org.margindesk.notification;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The exchange's notification service, as a stub on a free local port for the whole test run. It
 * checks every request's signature the way docs/notifications.md tells receivers to (its own HMAC,
 * not the service's code), refuses a bad one with 401, and can be told to fail a notification a
 * number of times first.
 */
public class NotificationReceiverStub implements QuarkusTestResourceLifecycleManager {
  public static final String SECRET = "test-webhook-secret-0123456789abcdef";

  /** One request as the stub saw it. */
  public record Received(
      String notificationId,
      String idempotencyKey,
      String timestamp,
      String signature,
      String body,
      boolean signatureValid,
      int answeredWith) {}

  private static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();
  private static final Map<String, AtomicInteger> FAILURES = new ConcurrentHashMap<>();
  private static final Map<String, Runnable> ON_RECEIPT = new ConcurrentHashMap<>();
  private static HttpServer server;

  @Override
  public Map<String, String> start() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the notification receiver stub", e);
    }
    server.createContext("/notifications", NotificationReceiverStub::handle);
    server.start();
    return Map.of(
        "margin-desk.notifications.webhook.enabled",
        "true",
        "margin-desk.notifications.webhook.url",
        "http://127.0.0.1:" + server.getAddress().getPort() + "/notifications",
        "margin-desk.notifications.webhook.secret",
        SECRET);
  }

  @Override
  public void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  /** The next {@code times} requests for this notification are answered 503. */
  public static void failNext(String notificationId, int times) {
    FAILURES.put(notificationId, new AtomicInteger(times));
  }

  /** Runs {@code action} when a request for this notification arrives, before it is answered. */
  public static void onReceipt(String notificationId, Runnable action) {
    ON_RECEIPT.put(notificationId, action);
  }

  public static List<Received> receivedFor(String notificationId) {
    return RECEIVED.stream().filter(r -> notificationId.equals(r.notificationId())).toList();
  }

  private static void handle(HttpExchange exchange) throws IOException {
    String body;
    try (InputStream in = exchange.getRequestBody()) {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String id = exchange.getRequestHeaders().getFirst("X-Margin-Desk-Notification-Id");
    String timestamp = exchange.getRequestHeaders().getFirst("X-Margin-Desk-Timestamp");
    String signature = exchange.getRequestHeaders().getFirst("X-Margin-Desk-Signature");
    boolean valid = timestamp != null && signature != null && verify(timestamp, body, signature);
    Runnable action = id == null ? null : ON_RECEIPT.remove(id);
    if (action != null) {
      action.run();
    }
    int status;
    AtomicInteger failures = id == null ? null : FAILURES.get(id);
    if (!valid) {
      status = 401;
    } else if (failures != null && failures.getAndDecrement() > 0) {
      status = 503;
    } else {
      status = 204;
    }
    RECEIVED.add(
        new Received(
            id,
            exchange.getRequestHeaders().getFirst("Idempotency-Key"),
            timestamp,
            signature,
            body,
            valid,
            status));
    exchange.sendResponseHeaders(status, -1);
    try (OutputStream out = exchange.getResponseBody()) {
      out.flush();
    }
  }

  /** What a receiver does: HMAC-SHA256 over "timestamp.body", compared in constant time. */
  private static boolean verify(String timestamp, String body, String signature) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] digest = mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
      byte[] expected = ("v1=" + HexFormat.of().formatHex(digest)).getBytes(StandardCharsets.UTF_8);
      return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.UTF_8));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
