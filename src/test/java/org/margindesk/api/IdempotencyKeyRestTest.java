package org.margindesk.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.margindesk.api.MarginCallTestSupport.as;
import static org.margindesk.api.MarginCallTestSupport.awaitAudit;
import static org.margindesk.api.MarginCallTestSupport.freshAccount;
import static org.margindesk.api.MarginCallTestSupport.openCall;
import static org.margindesk.api.MarginCallTestSupport.registerFacility;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.margindesk.config.TestClock;
import org.margindesk.service.IdempotencyKeys;
import org.margindesk.service.LifecycleFixtures;

/**
 * The {@code Idempotency-Key} header on the admin API, shown on deadline extensions: the action a
 * lost response followed by a client retry used to grant twice.
 */
@QuarkusTest
class IdempotencyKeyRestTest {
  static final String KEY = "Idempotency-Key";
  static final String REPLAYED = "Idempotency-Replayed";
  private static final String PATH = "/api/v1/margin-calls/";

  @Inject LifecycleFixtures fixtures;
  @Inject IdempotencyKeys keys;
  @Inject TestClock clock;

  @AfterEach
  void resetClock() {
    clock.reset();
  }

  @Test
  void givenAnOpenCall_whenAnExtensionIsRetriedWithItsKey_thenOneExtensionAndTheFirstAnswerAgain() {
    String callId = openCallOn(null);
    String key = UUID.randomUUID().toString();
    String body = extension("PT1H", "holder wired funds, bank delay");

    Response first = extend("supervisor", key, callId, body);
    Response retry = extend("supervisor", key, callId, body);

    assertThat(first.statusCode()).as(first.asString()).isEqualTo(201);
    assertThat(first.header(REPLAYED)).isNull();
    assertReplayOf(retry, first);
    assertThat(extensions(callId)).isEqualTo(1);
    awaitAudit(fixtures, callId, "DEADLINE_EXTENDED");
    assertThat(audits(callId, "DEADLINE_EXTENDED")).isEqualTo(1);
    assertThat(
            as("viewer")
                .get(PATH + callId)
                .then()
                .statusCode(200)
                .extract()
                .path("extensions.total")
                .toString())
        .isEqualTo("PT1H");
  }

  @Test
  void givenAUsedKey_whenSentWithAnotherBody_then422ProblemNamingTheHeaderAndNoEffect() {
    String callId = openCallOn(null);
    String key = UUID.randomUUID().toString();
    Response first = extend("supervisor", key, callId, extension("PT1H", "first"));

    Response other = extend("supervisor", key, callId, extension("PT2H", "first"));

    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(other.statusCode()).as(other.asString()).isEqualTo(422);
    assertThat(other.contentType()).startsWith("application/problem+json");
    assertThat(other.jsonPath().getList("errors.field", String.class)).containsExactly(KEY);
    assertThat(other.jsonPath().getString("detail")).contains("another body");
    assertThat(other.header(REPLAYED)).isNull();
    assertThat(extensions(callId)).isEqualTo(1);
    assertThat(audits(callId, "EXTENSION_REJECTED")).isZero();
    assertReplayOf(extend("supervisor", key, callId, extension("PT1H", "first")), first);
  }

  @Test
  void givenOneKeyFromTwoSupervisors_whenEachSendsIt_thenEachActsOnceForThemselves() {
    String callId = openCallOn(null);
    String key = "shared-" + UUID.randomUUID();
    String body = extension("PT1H", "same words, two people");

    Response mine = extend("supervisor", key, callId, body);
    Response myRetry = extend("supervisor", key, callId, body);
    Response theirs = extend("supervisor2", key, callId, body);
    Response theirRetry = extend("supervisor2", key, callId, body);

    assertThat(mine.statusCode()).isEqualTo(201);
    assertThat(theirs.statusCode()).as(theirs.asString()).isEqualTo(201);
    assertThat(theirs.header(REPLAYED)).isNull();
    assertThat(theirs.jsonPath().getString("by")).isEqualTo("supervisor2");
    assertThat(theirs.jsonPath().getString("totalExtension")).isEqualTo("PT2H");
    assertReplayOf(myRetry, mine);
    assertReplayOf(theirRetry, theirs);
    assertThat(extensions(callId)).isEqualTo(2);
  }

  @Test
  void givenARequestRefusedWith409_whenRetriedWithItsKey_thenThe409IsReplayedAndAuditedOnce() {
    String callId = openCallOn("{\"maxExtension\":\"PT1H\"}");
    String key = UUID.randomUUID().toString();
    String body = extension("PT2H", "more than the policy allows");

    Response refused = extend("supervisor", key, callId, body);
    Response retry = extend("supervisor", key, callId, body);

    assertThat(refused.statusCode()).as(refused.asString()).isEqualTo(409);
    assertThat(refused.contentType()).startsWith("application/problem+json");
    assertReplayOf(retry, refused);
    assertThat(audits(callId, "EXTENSION_REJECTED")).isEqualTo(1);
    assertThat(extensions(callId)).isZero();
  }

  @Test
  void givenNoKey_whenAnExtensionIsSentTwice_thenBothAreGrantedAndNothingIsStored() {
    String callId = openCallOn(null);
    String body = extension("PT1H", "no key");

    Response first = extend("supervisor", null, callId, body);
    Response second = extend("supervisor", null, callId, body);

    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(second.statusCode()).isEqualTo(201);
    assertThat(second.header(REPLAYED)).isNull();
    assertThat(second.jsonPath().getString("totalExtension")).isEqualTo("PT2H");
    assertThat(extensions(callId)).isEqualTo(2);
    assertThat(
            fixtures.count(
                "SELECT count(*) FROM idempotency_key WHERE path = ?",
                PATH + callId + "/extensions"))
        .isZero();
  }

  @Test
  void givenAKeyThatIsBlankTooLongOrHoldsNul_whenSent_then400AndNoEffect() {
    String callId = openCallOn(null);
    String body = extension("PT1H", "bad key");

    for (String bad : new String[] {"", "   ", "k".repeat(256)}) {
      Response refused = extend("supervisor", bad, callId, body);
      assertThat(refused.statusCode()).as("key '%s': %s", bad, refused.asString()).isEqualTo(400);
      assertThat(refused.contentType()).startsWith("application/problem+json");
      assertThat(refused.jsonPath().getList("errors.field", String.class)).containsExactly(KEY);
    }
    // HTTP clients will not send a NUL in a header, so this one goes over a plain socket. The
    // HTTP layer (Netty) refuses it before the API sees it, with a bare 400; the API's own check
    // of unstorable text is IdempotencyKeyFilterTest's.
    String nul = rawPost(PATH + callId + "/extensions", "supervisor", "nul\u0000key", body);
    assertThat(nul).startsWith("HTTP/1.1 400");
    assertThat(extensions(callId)).isZero();
    assertThat(extend("supervisor", "k".repeat(255), callId, body).statusCode()).isEqualTo(201);
  }

  @Test
  void givenAKeyWhoseFirstRequestIsInFlight_whenRetried_then409UntilTheClaimIsStale() {
    String callId = openCallOn(null);
    String key = UUID.randomUUID().toString();
    String body = extension("PT1H", "in flight");
    IdempotencyKeys.Claim inFlight =
        keys.claim(
            new IdempotencyKeys.Scope("supervisor", "POST", PATH + callId + "/extensions", key),
            body.getBytes(StandardCharsets.UTF_8));
    assertThat(inFlight).isInstanceOf(IdempotencyKeys.Acquired.class);

    Response busy = extend("supervisor", key, callId, body);

    assertThat(busy.statusCode()).as(busy.asString()).isEqualTo(409);
    assertThat(busy.contentType()).startsWith("application/problem+json");
    assertThat(busy.jsonPath().getString("detail")).contains("in progress");
    assertThat(extensions(callId)).isZero();

    // A claim whose request never finished (the instance died) is taken over once it is stale.
    clock.advance(IdempotencyKeys.TAKEOVER_AFTER.plusSeconds(1));
    Response taken = extend("supervisor", key, callId, body);
    assertThat(taken.statusCode()).as(taken.asString()).isEqualTo(201);
    assertThat(extensions(callId)).isEqualTo(1);
    assertReplayOf(extend("supervisor", key, callId, body), taken);
  }

  /** Status, content type and body byte for byte, marked as a replay. */
  static void assertReplayOf(Response replay, Response original) {
    assertThat(replay.statusCode()).as(replay.asString()).isEqualTo(original.statusCode());
    assertThat(replay.header(REPLAYED)).isEqualTo("true");
    assertThat(replay.contentType()).isEqualTo(original.contentType());
    assertThat(replay.asByteArray()).isEqualTo(original.asByteArray());
    assertThat(replay.header("Location")).isEqualTo(original.header("Location"));
  }

  private String openCallOn(String policyJson) {
    String account = freshAccount("idem");
    registerFacility(account, policyJson);
    return openCall(fixtures, account, Instant.now().toString());
  }

  private static Response extend(String user, String key, String callId, String body) {
    RequestSpecification request = as(user).contentType(ContentType.JSON).body(body);
    if (key != null) {
      request = request.header(KEY, key);
    }
    return request.post(PATH + callId + "/extensions");
  }

  /** The whole answer, as text, to a request written byte for byte (ISO-8859-1, as HTTP is). */
  private static String rawPost(String path, String user, String key, String body) {
    String auth =
        Base64.getEncoder().encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8));
    byte[] content = body.getBytes(StandardCharsets.UTF_8);
    String head =
        "POST "
            + path
            + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nAuthorization: Basic "
            + auth
            + "\r\n"
            + KEY
            + ": "
            + key
            + "\r\nContent-Type: application/json\r\nContent-Length: "
            + content.length
            + "\r\n\r\n";
    try (Socket socket = new Socket("localhost", RestAssured.port)) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      out.write(content);
      out.flush();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private long extensions(String callId) {
    return fixtures.count(
        "SELECT count(*) FROM margin_call_extension WHERE margin_call_id = ?", callId);
  }

  private long audits(String callId, String action) {
    return fixtures.count(
        "SELECT count(*) FROM audit_record WHERE margin_call_id = ? AND action = ?",
        callId,
        action);
  }

  private static String extension(String extendBy, String reason) {
    return "{\"extendBy\":\"" + extendBy + "\",\"reason\":\"" + reason + "\"}";
  }
}
