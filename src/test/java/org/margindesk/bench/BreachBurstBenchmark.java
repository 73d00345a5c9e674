package org.margindesk.bench;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.margindesk.service.LifecycleFixtures;
import org.margindesk.service.Poll;

/**
 * A burst of simultaneous breaches through the REST API, as in a market crash: how long until every
 * account is reduce-only, and the per-account time from receiving the breach to the restriction
 * (from the audit trail's timestamps). Prints figures; asserts only that every account ended up
 * restricted. Not part of {@code ./mvnw verify}: run with
 *
 * <pre>./mvnw test -Dbench.skip=none -Dgroups=benchmark -Dtest=BreachBurstBenchmark
 *     -Dbench.accounts=1000 -Dbench.clients=32</pre>
 */
@QuarkusTest
@Tag("benchmark")
class BreachBurstBenchmark {
  private static final int ACCOUNTS = Integer.getInteger("bench.accounts", 500);
  private static final int CLIENTS = Integer.getInteger("bench.clients", 32);

  @Inject LifecycleFixtures fixtures;

  @Test
  void givenABurstOfBreaches_whenIngested_thenTheBenchmarkPrintsItsFigures() throws Exception {
    String run = "bench-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    try {
      all(pool, i -> registerFacility(run + i));
      // Warm-up outside the measurement: one call through the whole open path.
      snapshot(run + "warmup-", 0);

      long started = System.nanoTime();
      all(pool, i -> snapshot(run, i));
      long accepted = System.nanoTime();
      Poll.until(
          Duration.ofMinutes(10), "every account restricted", () -> restricted(run) >= ACCOUNTS);
      long restricted = System.nanoTime();

      String percentiles =
          fixtures.text(
              "SELECT string_agg(to_char(v, 'FM9990.000'), ' / ') FROM (SELECT unnest(ARRAY["
                  + " percentile_cont(0.5) WITHIN GROUP (ORDER BY d),"
                  + " percentile_cont(0.95) WITHIN GROUP (ORDER BY d),"
                  + " percentile_cont(0.99) WITHIN GROUP (ORDER BY d), max(d)]) AS v FROM ("
                  + " SELECT extract(epoch FROM (a.occurred_at - c.opened_at)) AS d"
                  + " FROM audit_record a JOIN margin_call c ON c.id = a.margin_call_id"
                  + " WHERE a.action = 'REDUCE_ONLY_ON' AND c.account_id LIKE ?"
                  + " AND c.account_id NOT LIKE ?) per_call) p",
              run + "%",
              run + "warmup%");
      System.out.printf(
          "%nBreach burst: %d accounts, %d concurrent clients%n"
              + "  all snapshots accepted (202) after  %6.2f s (%.0f snapshots/s)%n"
              + "  all accounts reduce-only after      %6.2f s%n"
              + "  breach received -> reduce-only, per account (s): p50 / p95 / p99 / max = %s%n%n",
          ACCOUNTS,
          CLIENTS,
          seconds(accepted - started),
          ACCOUNTS / seconds(accepted - started),
          seconds(restricted - started),
          percentiles);
      assertThat(restricted(run)).isEqualTo(ACCOUNTS);
    } finally {
      pool.shutdownNow();
    }
  }

  private long restricted(String run) {
    return fixtures.count(
        "SELECT count(*) FROM sim_side_effect WHERE effect = 'REDUCE_ONLY_ON'"
            + " AND account_id LIKE ? AND account_id NOT LIKE ?",
        run + "%",
        run + "warmup%");
  }

  private interface Step {
    void run(int i);
  }

  private static void all(ExecutorService pool, Step step) throws Exception {
    List<Future<?>> futures = new ArrayList<>();
    for (int i = 0; i < ACCOUNTS; i++) {
      int n = i;
      futures.add(pool.submit(() -> step.run(n)));
    }
    for (Future<?> future : futures) {
      future.get();
    }
  }

  private static void registerFacility(String account) {
    given()
        .auth()
        .preemptive()
        .basic("supervisor", "supervisor")
        .contentType(ContentType.JSON)
        .body("{\"marginPlusAmount\":\"10000.00\",\"asset\":\"USDT\"}")
        .put("/api/v1/accounts/" + account + "/facility")
        .then()
        .statusCode(201);
  }

  private static void snapshot(String run, int i) {
    String account = run + i;
    if (run.endsWith("warmup-")) {
      registerFacility(account);
    }
    given()
        .auth()
        .preemptive()
        .basic("feed", "feed")
        .contentType(ContentType.JSON)
        .body(
            "{\"eventId\":\""
                + UUID.randomUUID()
                + "\",\"accountId\":\""
                + account
                + "\",\"asOf\":\"2026-11-22T10:00:00Z\",\"collateralBalance\":\"12000\"}")
        .post("/api/v1/risk-snapshots")
        .then()
        .statusCode(202);
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }
}
