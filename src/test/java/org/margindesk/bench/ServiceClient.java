package org.margindesk.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/** The service's HTTP API as the benchmark uses it: Basic auth, JSON bodies, no retries. */
public final class ServiceClient {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final String FEED = basic("feed");
  private static final String SUPERVISOR = basic("supervisor");

  /** A snapshot to send; money as decimal strings. */
  record Snapshot(String eventId, String accountId, Instant asOf, BigDecimal cab, BigDecimal mmr) {
    ObjectNode json() {
      ObjectNode node = JSON.createObjectNode();
      node.put("eventId", eventId);
      node.put("accountId", accountId);
      node.put("asOf", asOf.toString());
      node.put("collateralBalance", cab.toPlainString());
      node.put("maintenanceMarginRatio", mmr.toPlainString());
      return node;
    }
  }

  /** One snapshot's answer: the HTTP (or batch item) status, and what it did when accepted. */
  record Answer(int status, String assessment, String marginCallId, String detail) {
    boolean accepted() {
      return status == 202;
    }
  }

  static {
    // HttpURLConnection keeps 5 idle connections per server by default; the feeds run up to 64
    // clients, each of which should keep its own.
    if (System.getProperty("http.maxConnections") == null) {
      System.setProperty("http.maxConnections", "64");
    }
  }

  private final String base;
  private final HttpClient http;

  ServiceClient(String base) {
    this.base = base;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  private static String basic(String user) {
    String pair = user + ":" + user; // embedded users: password = user name
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  void waitReady(Duration limit) throws InterruptedException {
    long end = System.nanoTime() + limit.toNanos();
    while (true) {
      try {
        HttpResponse<String> r = send(get("/q/health/ready"));
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      if (System.nanoTime() > end) {
        throw new IllegalStateException(base + "/q/health/ready not UP within " + limit);
      }
      Thread.sleep(500);
    }
  }

  /** PUT facility (role supervisor); the answer's status. */
  int putFacility(String accountId, BigDecimal marginPlus)
      throws IOException, InterruptedException {
    ObjectNode body = JSON.createObjectNode();
    body.put("marginPlusAmount", marginPlus.toPlainString());
    body.put("asset", "USDT");
    body.put("contactEmail", "holder-" + accountId + "@example.com");
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + "/api/v1/accounts/" + accountId + "/facility"))
            .timeout(Duration.ofSeconds(60))
            .header("Authorization", SUPERVISOR)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build();
    return send(request).statusCode();
  }

  /**
   * Through {@link HttpURLConnection}, not {@link HttpClient}: it runs on the calling thread over a
   * kept-alive connection, where HttpClient hands every exchange to its selector thread and back.
   * On two shared cores the feed of single POSTs took half a core with HttpClient, CPU the service
   * under test then lacked; the harness's share is reported per phase either way.
   */
  Answer postSingle(Snapshot snapshot) throws IOException {
    byte[] body = snapshot.json().toString().getBytes(StandardCharsets.UTF_8);
    HttpURLConnection connection =
        (HttpURLConnection) URI.create(base + "/api/v1/risk-snapshots").toURL().openConnection();
    connection.setRequestMethod("POST");
    connection.setDoOutput(true);
    connection.setConnectTimeout(5_000);
    connection.setReadTimeout(60_000);
    connection.setFixedLengthStreamingMode(body.length);
    connection.setRequestProperty("Authorization", FEED);
    connection.setRequestProperty("Content-Type", "application/json");
    try (OutputStream out = connection.getOutputStream()) {
      out.write(body);
    }
    int status = connection.getResponseCode();
    // Read to the end and close the stream (not the connection), so the connection is reused.
    try (InputStream in =
        status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
      String text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
      if (status != 202) {
        return new Answer(status, null, null, text);
      }
      return answer(202, JSON.readTree(text), null);
    }
  }

  /** A ready-made batch body; building it is kept out of the timed part. */
  static String batchBody(List<Snapshot> items) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode array = root.putArray("items");
    items.forEach(s -> array.add(s.json()));
    return root.toString();
  }

  /** The items' answers in request order; every item gets the batch's status when it failed. */
  List<Answer> postBatch(String body, int size) throws IOException, InterruptedException {
    HttpResponse<String> r = send(post("/api/v1/risk-snapshots/batch", body));
    List<Answer> answers = new ArrayList<>(size);
    if (r.statusCode() != 200) {
      for (int i = 0; i < size; i++) {
        answers.add(new Answer(r.statusCode(), null, null, "batch: " + r.body()));
      }
      return answers;
    }
    for (JsonNode item : JSON.readTree(r.body()).path("items")) {
      int status = item.path("status").asInt();
      answers.add(answer(status, item.path("result"), item.path("problem")));
    }
    return answers;
  }

  private static Answer answer(int status, JsonNode result, JsonNode problem) {
    if (status != 202) {
      return new Answer(status, null, null, problem == null ? null : problem.toString());
    }
    String call =
        result.path("marginCallId").isTextual() ? result.get("marginCallId").asText() : null;
    return new Answer(status, result.path("assessment").asText(null), call, null);
  }

  String metrics() throws IOException, InterruptedException {
    return send(get("/q/metrics")).body();
  }

  private HttpRequest get(String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).build();
  }

  private HttpRequest post(String path, String body) {
    return HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(600))
        .header("Authorization", FEED)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** Runs {@code task(0..n-1)} on {@code threads} threads, each taking the next index. */
  public static void parallel(int threads, int n, IntConsumer task) throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    AtomicInteger next = new AtomicInteger();
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        workers.add(
            pool.submit(
                () -> {
                  for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                    task.accept(i);
                  }
                }));
      }
      for (Future<?> worker : workers) {
        worker.get();
      }
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("a client failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }
}
