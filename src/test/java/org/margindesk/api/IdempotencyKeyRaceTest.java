package org.margindesk.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.margindesk.api.IdempotencyKeyRestTest.KEY;
import static org.margindesk.api.IdempotencyKeyRestTest.REPLAYED;
import static org.margindesk.api.MarginCallTestSupport.as;
import static org.margindesk.api.MarginCallTestSupport.freshAccount;
import static org.margindesk.api.MarginCallTestSupport.openCall;
import static org.margindesk.api.MarginCallTestSupport.registerFacility;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.margindesk.service.LifecycleFixtures;

/**
 * Two copies of one request, same key, sent at the same moment (a client that retried before the
 * first answer came back): the action happens once. The copy that loses either waits for nothing
 * and gets 409 (the first is still in progress) or, if the first has already answered, its replay.
 */
@QuarkusTest
class IdempotencyKeyRaceTest {
  private static final int ROUNDS = 6;

  @Inject LifecycleFixtures fixtures;

  @Test
  void givenTwoCopiesOfAnExtensionWithOneKey_whenSentAtOnce_thenOneExtensionPerRound()
      throws Exception {
    String account = freshAccount("idem-race");
    registerFacility(account, null);
    String callId = openCall(fixtures, account, Instant.now().toString());
    String path = "/api/v1/margin-calls/" + callId + "/extensions";
    String body = "{\"extendBy\":\"PT1H\",\"reason\":\"sent twice at once\"}";
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 1; round <= ROUNDS; round++) {
        String key = UUID.randomUUID().toString();
        CyclicBarrier start = new CyclicBarrier(2);
        Future<Response> a = pool.submit(() -> sendAfter(start, path, key, body));
        Future<Response> b = pool.submit(() -> sendAfter(start, path, key, body));
        List<Response> answers = List.of(a.get(60, TimeUnit.SECONDS), b.get(60, TimeUnit.SECONDS));

        List<Response> acted =
            answers.stream()
                .filter(r -> r.statusCode() == 201 && r.header(REPLAYED) == null)
                .toList();
        assertThat(acted).as("round %d: answers that acted", round).hasSize(1);
        Response other = answers.get(answers.get(0) == acted.get(0) ? 1 : 0);
        if (other.statusCode() == 409) {
          assertThat(other.contentType()).startsWith("application/problem+json");
          assertThat(other.jsonPath().getString("detail")).contains("in progress");
        } else {
          IdempotencyKeyRestTest.assertReplayOf(other, acted.get(0));
        }
        assertThat(
                fixtures.count(
                    "SELECT count(*) FROM margin_call_extension WHERE margin_call_id = ?", callId))
            .as("extensions after round %d", round)
            .isEqualTo(round);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static Response sendAfter(CyclicBarrier start, String path, String key, String body)
      throws Exception {
    start.await(10, TimeUnit.SECONDS);
    return as("supervisor").contentType(ContentType.JSON).header(KEY, key).body(body).post(path);
  }
}
