package org.margindesk.api.fuzz;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.margindesk.api.fuzz.ApiOperations.Operation;
import org.margindesk.api.fuzz.FuzzCases.Case;
import org.margindesk.api.fuzz.RawHttp.Answer;
import org.margindesk.api.task.TaskFixtures;
import org.margindesk.domain.LiquidationStep;
import org.margindesk.service.LifecycleFixtures;
import org.margindesk.service.Poll;

/**
 * Hostile requests against every {@code /api/v1} operation of the served OpenAPI document, as an
 * authorised caller so that they pass authentication and reach validation. What must hold: no
 * answer is a 5xx (or no answer at all); a refusal (4xx) is problem+json; and a refused request
 * writes no row, by the row counts of every application table before and after it.
 *
 * <p>The inputs come from jqwik arbitraries ({@link HostileInputs}), drawn here with a fixed seed
 * and a bounded number of tries rather than by jqwik's own engine: a {@code @Property} method is
 * run by the jqwik engine, which does not host JUnit Jupiter extensions, so it cannot run inside
 * {@code @QuarkusTest}'s application with its PostgreSQL and Temporal. The seed ({@code
 * -Dfuzz.seed}) and tries per operation ({@code -Dfuzz.tries}) make a failure reproducible.
 *
 * <p>Latency is printed (the slowest answers), not asserted: figures come from benchmarks, and a
 * timing assertion on a shared two-core machine would fail for reasons that are not defects.
 *
 * <p>The refusals that the API records on purpose are allowed their trace: a 403 or 409 from a
 * business rule (four-eyes, a claimed task, a closed call) adds its one audit record, and a request
 * with a well-formed Idempotency-Key keeps its 4xx answer for replay (one {@code idempotency_key}
 * row). Nothing else may change.
 */
@QuarkusTest
class HostileRequestsFuzzTest {
  private static final long SEED = Long.getLong("fuzz.seed", 20261202L);
  private static final int TRIES = Integer.getInteger("fuzz.tries", 8);
  private static final boolean EVERYWHERE = Boolean.getBoolean("fuzz.everywhere");

  @Inject LifecycleFixtures lifecycle;
  @Inject TaskFixtures tasks;
  @Inject AgroalDataSource dataSource;

  @TestHTTPResource("/")
  URL base;

  @AfterEach
  void endCallsWithoutWorkflow() {
    tasks.endCallsWithoutWorkflow();
  }

  @Test
  void
      givenHostileInputOnEveryOperation_whenSent_thenNo5xxEveryRefusalIsProblemJsonAndWritesNothing()
          throws Exception {
    List<Operation> operations =
        ApiOperations.read(
            given().get("/q/openapi?format=json").then().statusCode(200).extract().asString());
    assertThat(operations).as("operations in the OpenAPI document").hasSizeGreaterThan(20);
    Map<String, String> ids = fixtures();
    RawHttp http = new RawHttp(base.getPort());
    TableCounts counts = new TableCounts(dataSource);
    Random random = new Random(SEED);
    HostileInputs.seed(SEED);

    List<String> failures = new ArrayList<>();
    List<Sent> sent = new ArrayList<>();
    Set<String> covered = new TreeSet<>();
    awaitQuiet(counts);
    Map<String, Long> before = counts.now();
    for (Operation op : operations) {
      String caller = callerFor(http, op);
      for (Case c :
          new FuzzCases(op, RawHttp.basic(caller), ids::get).all(random, TRIES, EVERYWHERE)) {
        Answer answer = send(http, c);
        sent.add(new Sent(c, answer));
        covered.add(op.route());
        // One count per request: what this one left is what the next one starts from.
        Map<String, Long> after = counts.now();
        if (answer.status() >= 500 || answer.status() == 0) {
          failures.add(c + " answered " + answer.status() + ": " + abbreviate(answer.body()));
        } else if (answer.status() >= 400) {
          if (!answer.isProblem() && !answer.isCodecRefusal()) {
            failures.add(
                c
                    + " answered "
                    + answer.status()
                    + " without problem+json: "
                    + answer.contentType()
                    + " "
                    + abbreviate(answer.body()));
          }
          if (!unexpectedWrites(c, answer, before, after).isEmpty()) {
            // Accepted requests before this one may have started work that is still writing
            // (a liquidation, a notification): only a write the same refusal makes again counts.
            awaitQuiet(counts);
            Map<String, Long> again = counts.now();
            Answer retry = send(http, c);
            after = counts.now();
            Map<String, String> rewritten = unexpectedWrites(c, retry, again, after);
            if (!rewritten.isEmpty() && retry.status() >= 400) {
              failures.add(c + " refused with " + answer.status() + " but wrote " + rewritten);
            }
          }
        }
        before = after;
      }
    }
    FuzzReport.print(SEED, TRIES, operations, covered, sent);
    assertThat(covered).as("operations fuzzed").hasSameSizeAs(operations);
    assertThat(failures).as("findings").isEmpty();
  }

  record Sent(Case request, Answer answer) {}

  private static Answer send(RawHttp http, Case c) throws Exception {
    return http.send(c.operation().method(), c.target(), c.headers(), c.body());
  }

  /** The tables a refusal changed beyond the trace the API keeps on purpose. */
  private static Map<String, String> unexpectedWrites(
      Case c, Answer answer, Map<String, Long> before, Map<String, Long> after) {
    Map<String, Long> allowed = new LinkedHashMap<>(before);
    if (answer.status() == 403 || answer.status() == 409) {
      allowed.computeIfPresent("audit_event", (t, n) -> Math.min(n + 1, after.get(t)));
    }
    if (c.hasIdempotencyKey()) {
      allowed.computeIfPresent("idempotency_key", (t, n) -> Math.min(n + 1, after.get(t)));
    }
    return TableCounts.changed(allowed, after);
  }

  /** The embedded user the operation's role admits: supervisor covers every role but feed. */
  private static String callerFor(RawHttp http, Operation op) throws Exception {
    String target = op.path().replaceAll("\\{[^}]+}", "role-probe");
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Authorization", RawHttp.basic("supervisor"));
    headers.put("Content-Type", "application/json");
    Answer probe =
        http.send(op.method(), target, headers, op.takesBody() ? new byte[] {'{', '}'} : null);
    return probe.status() == 403 && probe.body().contains("roles") ? "feed" : "supervisor";
  }

  /** Real targets, by the path segment before an id: what unknown ids are compared against. */
  private Map<String, String> fixtures() {
    Map<String, String> ids = new LinkedHashMap<>();
    String account = lifecycle.facility(null);
    given()
        .auth()
        .preemptive()
        .basic("feed", "feed")
        .contentType(ContentType.JSON)
        .body(
            "{\"eventId\":\"fuzz-"
                + account
                + "\",\"accountId\":\""
                + account
                + "\",\"asOf\":\""
                + Instant.now()
                + "\",\"collateralBalance\":\"20000\",\"maintenanceMarginRatio\":\"20\"}")
        .post("/api/v1/risk-snapshots")
        .then()
        .statusCode(202);
    ids.put("accounts", account);
    String callAccount = lifecycle.facility(null);
    String callId = lifecycle.snapshot(callAccount, "12000").orElseThrow();
    lifecycle.awaitStarted(callId);
    ids.put("margin-calls", callId);
    ids.put(
        "waivers",
        given()
            .auth()
            .preemptive()
            .basic("supervisor2", "supervisor2")
            .contentType(ContentType.JSON)
            .body("{\"reason\":\"fuzz\"}")
            .post("/api/v1/margin-calls/{id}/waivers", callId)
            .then()
            .statusCode(201)
            .extract()
            .path("id"));
    String liquidating = tasks.liquidatingCall();
    ids.put("tasks", tasks.awaitTask(liquidating, LiquidationStep.CLOSE_ALL_POSITIONS));
    Poll.until(
        Duration.ofSeconds(40),
        "a notification for " + callId,
        () ->
            lifecycle.count("SELECT count(*) FROM notification WHERE margin_call_id = ?", callId)
                > 0);
    ids.put(
        "notifications",
        lifecycle.text(
            "SELECT id::text FROM notification WHERE margin_call_id = ? LIMIT 1", callId));
    return ids;
  }

  /** Waits until no table changes for half a second: earlier work has settled. */
  private static void awaitQuiet(TableCounts counts) {
    Map<String, Long>[] last = new Map[] {counts.now()};
    long[] since = {System.nanoTime()};
    Poll.until(
        Duration.ofSeconds(30),
        "the tables to stop changing",
        () -> {
          Map<String, Long> now = counts.now();
          if (!now.equals(last[0])) {
            last[0] = now;
            since[0] = System.nanoTime();
          }
          return System.nanoTime() - since[0] > 500_000_000L;
        });
  }

  private static String abbreviate(String text) {
    return text.length() > 300 ? text.substring(0, 300) + "…" : text;
  }
}
