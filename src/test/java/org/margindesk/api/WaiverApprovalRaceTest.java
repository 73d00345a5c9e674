package org.margindesk.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.margindesk.api.MarginCallTestSupport.as;
import static org.margindesk.api.MarginCallTestSupport.freshAccount;
import static org.margindesk.api.MarginCallTestSupport.openCall;
import static org.margindesk.api.MarginCallTestSupport.registerFacility;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.margindesk.security.StubOidcIssuer;
import org.margindesk.security.WithStubIssuer;
import org.margindesk.service.LifecycleFixtures;

/**
 * Two supervisors approving one waiver at the same moment: one approval wins, the other is a 409
 * naming the waiver's new state, and the call is waived once. Four-eyes forbids the requester from
 * approving, so the waiver is asked for by a third supervisor: a bearer-token user, which is why
 * this runs with the stub OIDC issuer (the profile of {@link BearerTokenAuthenticationTest}, so
 * Quarkus starts once for both).
 */
@QuarkusTest
@TestProfile(WithStubIssuer.class)
class WaiverApprovalRaceTest {
  private static final int ROUNDS = 3;

  @Inject LifecycleFixtures fixtures;

  @Test
  void givenAPendingWaiver_whenTwoSupervisorsApproveAtOnce_thenOneWinsAndTheOtherGets409()
      throws Exception {
    String requester =
        StubOidcIssuer.sign(StubOidcIssuer.claims("u-waiver-race", "carol", "supervisor"));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < ROUNDS; round++) {
        String account = freshAccount("waiver-race");
        registerFacility(account, null);
        String callId = openCall(fixtures, account, "2026-11-22T10:00:00Z");
        String waiverId =
            given()
                .auth()
                .oauth2(requester)
                .contentType(ContentType.JSON)
                .body("{\"reason\":\"feed glitch\"}")
                .post("/api/v1/margin-calls/{id}/waivers", callId)
                .then()
                .statusCode(201)
                .extract()
                .path("id");

        CyclicBarrier start = new CyclicBarrier(2);
        Future<Response> first = pool.submit(() -> approve(start, "supervisor", callId, waiverId));
        Future<Response> second =
            pool.submit(() -> approve(start, "supervisor2", callId, waiverId));
        Response a = first.get(60, TimeUnit.SECONDS);
        Response b = second.get(60, TimeUnit.SECONDS);

        assertThat(List.of(a.statusCode(), b.statusCode()))
            .as("round %d: %s / %s", round, a.asString(), b.asString())
            .containsExactlyInAnyOrder(200, 409);
        Response winner = a.statusCode() == 200 ? a : b;
        Response loser = a.statusCode() == 200 ? b : a;
        assertThat(winner.jsonPath().getString("marginCallStatus")).isEqualTo("WAIVED");
        assertThat(loser.contentType()).startsWith("application/problem+json");
        // Which words depend on how far the winner got: the waiver approved, or the call closed.
        assertThat(loser.jsonPath().getString("detail"))
            .containsAnyOf("already APPROVED", "is WAIVED");
        String approver = winner.jsonPath().getString("decidedBy");
        assertThat(
                fixtures.text("SELECT decided_by FROM margin_call_waiver WHERE id = ?", waiverId))
            .isEqualTo(approver);
        assertThat(fixtures.callStatus(callId)).isEqualTo("WAIVED");
        assertThat(audits(callId, "WAIVER_APPROVED")).isEqualTo(1);
        assertThat(audits(callId, "CALL_WAIVED")).isEqualTo(1);
        assertThat(
                fixtures.count(
                    "SELECT count(*) FROM audit_record WHERE margin_call_id = ? AND action LIKE"
                        + " '%REJECTED'",
                    callId))
            .as("the refused approval, audited once")
            .isEqualTo(1);
        assertThat(
                fixtures.count(
                    "SELECT count(*) FROM notification WHERE margin_call_id = ? AND type ="
                        + " 'CALL_WAIVED'",
                    callId))
            .isEqualTo(1);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static Response approve(CyclicBarrier start, String user, String callId, String waiverId)
      throws Exception {
    start.await(10, TimeUnit.SECONDS);
    return as(user)
        .contentType(ContentType.JSON)
        .body("{\"reason\":\"checked with ops\"}")
        .post("/api/v1/margin-calls/{id}/waivers/{waiver}/approve", callId, waiverId);
  }

  private long audits(String callId, String action) {
    return fixtures.count(
        "SELECT count(*) FROM audit_record WHERE margin_call_id = ? AND action = ?",
        callId,
        action);
  }
}
