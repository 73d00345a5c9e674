package org.margindesk.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.function.BooleanSupplier;

/**
 * The service's API as the crash and outage suites drive it: the embedded users (password = name),
 * JSON in and out, no retries of its own. A refused connection is an {@link IOException}.
 */
final class Api {
  static final ObjectMapper JSON = new ObjectMapper();

  /** One answer: status, the headers the suites read, the body parsed when it is JSON. */
  record Answer(int status, String contentType, String retryAfter, JsonNode body, long millis) {
    String text(String field) {
      return body.path(field).asText(null);
    }
  }

  private final String base;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(3))
          .build();

  Api(String base) {
    this.base = base;
  }

  Answer get(String path, String user) throws IOException {
    return send(request(path, user).GET());
  }

  Answer post(String path, String user, String body) throws IOException {
    return send(
        request(path, user)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body == null ? "" : body)));
  }

  Answer put(String path, String user, String body) throws IOException {
    return send(
        request(path, user)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(body)));
  }

  /** A facility of M+ 10,000 USDT: a call below 12,500, liquidation below 11,000. */
  void facility(String account, String remediationWindow) throws IOException {
    String body =
        "{\"marginPlusAmount\":\"10000.00\",\"asset\":\"USDT\",\"contactEmail\":\"holder-"
            + account
            + "@example.com\",\"policy\":{\"remediationWindow\":\""
            + remediationWindow
            + "\"}}";
    expect(put("/api/v1/accounts/" + account + "/facility", "supervisor", body), 201, "facility");
  }

  static String snapshotBody(String eventId, String account, String cab) {
    ObjectNode node = JSON.createObjectNode();
    node.put("eventId", eventId);
    node.put("accountId", account);
    node.put("asOf", Instant.now().toString());
    node.put("collateralBalance", cab);
    node.put("maintenanceMarginRatio", "15");
    return node.toString();
  }

  /** A snapshot as the feed sends it; the answer (202 with assessment and marginCallId). */
  Answer snapshot(String eventId, String account, String cab) throws IOException {
    return post("/api/v1/risk-snapshots", "feed", snapshotBody(eventId, account, cab));
  }

  JsonNode call(String callId) throws IOException {
    return expect(get("/api/v1/margin-calls/" + callId, "viewer"), 200, "call " + callId).body();
  }

  /** The task, or a missing node while it does not exist. */
  JsonNode task(String taskId) throws IOException {
    Answer a = get("/api/v1/tasks/" + taskId, "operator");
    return a.status() == 200 ? a.body() : MissingNode.getInstance();
  }

  Answer taskAction(String taskId, String action, String user) throws IOException {
    String body =
        action.equals("complete")
            ? "{\"note\":\"done by the reliability suite\",\"evidence\":{\"by\":\"" + user + "\"}}"
            : null;
    return post("/api/v1/tasks/" + taskId + "/" + action, user, body);
  }

  boolean auditVerifies() throws IOException {
    Answer a = get("/api/v1/audit-events/verification", "supervisor");
    return a.status() == 200 && a.body().path("valid").asBoolean(false);
  }

  String metrics() throws IOException {
    HttpRequest r = HttpRequest.newBuilder(URI.create(base + "/q/metrics")).GET().build();
    try {
      return http.send(r, HttpResponse.BodyHandlers.ofString()).body();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  static Answer expect(Answer a, int status, String what) {
    if (a.status() != status) {
      throw new IllegalStateException(
          what + ": expected HTTP " + status + ", got " + a.status() + " " + a.body());
    }
    return a;
  }

  /** Polls every 250 ms until the condition holds; fails naming it after {@code limit}. */
  static long await(Duration limit, String what, IoCondition condition) {
    long start = System.nanoTime();
    long end = start + limit.toNanos();
    while (true) {
      try {
        if (condition.holds()) {
          return (System.nanoTime() - start) / 1_000_000;
        }
      } catch (IOException e) {
        // not answering yet: keep polling
      }
      if (System.nanoTime() > end) {
        throw new IllegalStateException(
            what + " did not happen within " + limit.toSeconds() + " s");
      }
      pause(250);
    }
  }

  static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A condition that may need the API. */
  interface IoCondition {
    boolean holds() throws IOException;

    static IoCondition of(BooleanSupplier supplier) {
      return supplier::getAsBoolean;
    }
  }

  private HttpRequest.Builder request(String path, String user) {
    String pair = user + ":" + user;
    return HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(30))
        .header(
            "Authorization",
            "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
  }

  private Answer send(HttpRequest.Builder builder) throws IOException {
    long started = System.nanoTime();
    try {
      HttpResponse<String> r = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
      long millis = (System.nanoTime() - started) / 1_000_000;
      String type = r.headers().firstValue("Content-Type").orElse("");
      JsonNode body = MissingNode.getInstance();
      if (type.contains("json") && !r.body().isEmpty()) {
        body = JSON.readTree(r.body());
      }
      return new Answer(
          r.statusCode(), type, r.headers().firstValue("Retry-After").orElse(null), body, millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }
}
