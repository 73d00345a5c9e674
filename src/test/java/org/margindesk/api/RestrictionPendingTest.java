package org.margindesk.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.margindesk.api.IngestTestSupport.freshAccount;
import static org.margindesk.api.IngestTestSupport.post;
import static org.margindesk.api.IngestTestSupport.registerFacility;
import static org.margindesk.api.IngestTestSupport.snapshot;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.margindesk.domain.Restriction;
import org.margindesk.gateway.AccountControls;
import org.margindesk.gateway.ExchangeGateway;
import org.margindesk.gateway.GatewayException;
import org.margindesk.gateway.RestrictionOrder;
import org.margindesk.gateway.RestrictionResult;
import org.margindesk.service.Poll;

/**
 * A remote exchange that refuses ingestion's restrict-first requests: the answer says PENDING, the
 * refusal is counted, and the call's workflow sends the same keys again until the exchange takes
 * them; only then does the call say APPLIED. Only the opening restrictions decide that: a refused
 * first liquidation step, sent with them for a call that opens liquidating, is the step's to send
 * again.
 */
@QuarkusTest
class RestrictionPendingTest {
  @Inject MeterRegistry registry;

  /** Keys the exchange performed, from the workflow's single requests. */
  private final Set<String> performed = ConcurrentHashMap.newKeySet();

  /** The keys of ingestion's orders, in the order the exchange was given them. */
  private final List<String> sentInBulk = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** Which of ingestion's orders the exchange refuses: all of them unless a test says otherwise. */
  private Predicate<RestrictionOrder> refused = order -> true;

  @BeforeEach
  void exchangeRefusingTheFastPath() {
    QuarkusMock.installMockForType(new RefusingBulkRequests(), ExchangeGateway.class);
  }

  @Test
  void
      givenTheExchangeRefusesTheFastPath_whenABreachArrives_thenItIsPendingUntilTheWorkflowRestricts() {
    String account = freshAccount();
    registerFacility(account, account, "10000", "USDT");
    String callId = "margin-call-" + account + "-1";
    double pendingBefore = pendingCount();

    post(
            "feed",
            "/api/v1/risk-snapshots",
            snapshot(account + "-1", account, "2026-11-22T10:00:00Z", "12000", null))
        .statusCode(202)
        .body("marginCallId", equalTo(callId))
        .body("restriction", equalTo("PENDING"));
    assertThat(pendingCount()).isEqualTo(pendingBefore + 1);

    Poll.until(
        Duration.ofSeconds(20),
        "the workflow restricting " + callId,
        () -> "APPLIED".equals(restrictionOf(callId)));
    assertThat(performed)
        .contains(callId + ":open:reduce-only-on", callId + ":open:withdrawals-off");
  }

  @Test
  void
      givenTheExchangeRefusesOnlyAnImmediateLiquidationsFirstStep_whenItArrives_thenTheCallIsAppliedAndTheStepSendsItAgain() {
    refused = order -> order.idempotencyKey().contains(":liquidation:");
    String account = freshAccount();
    registerFacility(account, account, "10000", "USDT");
    String callId = "margin-call-" + account + "-1";
    String step = callId + ":liquidation:disable-trading-and-withdrawals:";
    double pendingBefore = pendingCount();

    // Below 110% of M+: liquidation at once, its first step sent with the opening restrictions.
    post(
            "feed",
            "/api/v1/risk-snapshots",
            snapshot(account + "-1", account, "2026-11-22T10:00:00Z", "10500", null))
        .statusCode(202)
        .body("assessment", equalTo("LIQUIDATION"))
        .body("restriction", equalTo("APPLIED"));
    assertThat(pendingCount()).isEqualTo(pendingBefore);

    Poll.until(
        Duration.ofSeconds(20),
        "the first liquidation step of " + callId + " sending what the exchange refused",
        () -> performed.containsAll(List.of(step + "trading-off", step + "withdrawals-off")));
    assertThat(performed).doesNotContain(callId + ":open:reduce-only-on");
  }

  @Test
  void givenABatchOfImmediateLiquidations_whenRestricted_thenEveryOpeningOrderGoesFirst() {
    refused = order -> false;
    String first = freshAccount();
    String second = freshAccount();
    registerFacility(first, first, "10000", "USDT");
    registerFacility(second, second, "10000", "USDT");

    post(
            "feed",
            "/api/v1/risk-snapshots/batch",
            "{\"items\":["
                + snapshot(first + "-1", first, "2026-11-22T10:00:00Z", "10500", null)
                + ","
                + snapshot(second + "-1", second, "2026-11-22T10:00:00Z", "10500", null)
                + "]}")
        .statusCode(200)
        .body("items.result.restriction", contains("APPLIED", "APPLIED"));

    // A remote exchange takes the orders a bounded number at a time, in this order: what makes
    // each account safe first, then the first steps.
    assertThat(sentInBulk).hasSize(8);
    assertThat(sentInBulk.subList(0, 4)).allMatch(key -> key.contains(":open:"));
    assertThat(sentInBulk.subList(4, 8)).allMatch(key -> key.contains(":liquidation:"));
  }

  private String restrictionOf(String callId) {
    return given()
        .auth()
        .preemptive()
        .basic("viewer", "viewer")
        .get("/api/v1/margin-calls/" + callId)
        .then()
        .statusCode(200)
        .extract()
        .path("restriction");
  }

  private double pendingCount() {
    return registry.get("margindesk.restrictions.pending").counter().count();
  }

  private final class RefusingBulkRequests implements ExchangeGateway {
    @Override
    public List<RestrictionResult> setRestrictions(List<RestrictionOrder> orders) {
      orders.forEach(order -> sentInBulk.add(order.idempotencyKey()));
      return orders.stream()
          .map(
              order ->
                  refused.test(order)
                      ? RestrictionResult.failed(
                          order,
                          new GatewayException(
                              "exchange answered 403 to " + order.restriction().path(),
                              false,
                              null))
                      : RestrictionResult.done(order, "{\"ok\":true}"))
          .toList();
    }

    @Override
    public String setRestriction(
        String idempotencyKey, String accountId, Restriction restriction, boolean enabled) {
      performed.add(idempotencyKey);
      return "{\"ok\":true}";
    }

    @Override
    public String closeAllPositions(String idempotencyKey, String accountId) {
      performed.add(idempotencyKey);
      return "{}";
    }

    @Override
    public String moveFunds(
        String idempotencyKey,
        String accountId,
        String asset,
        BigDecimal amount,
        String destination) {
      performed.add(idempotencyKey);
      return "{}";
    }

    @Override
    public AccountControls restrictions(String accountId) {
      return AccountControls.UNRESTRICTED;
    }
  }
}
