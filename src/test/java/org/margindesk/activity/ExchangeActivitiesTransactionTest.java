package org.margindesk.activity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.temporal.failure.ApplicationFailure;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.margindesk.domain.Restriction;
import org.margindesk.gateway.AccountControls;
import org.margindesk.gateway.ExchangeGateway;
import org.margindesk.gateway.GatewayException;
import org.margindesk.gateway.RestrictionOrder;
import org.margindesk.gateway.RestrictionResult;
import org.margindesk.service.FacilityService;
import org.margindesk.service.LifecycleFixtures;
import org.margindesk.service.MarginCallQueries;
import org.margindesk.workflow.messages.values.LifecycleFailure;

/**
 * The gateway may be a remote exchange: no call to it may hold a database transaction (and its
 * pooled connection) open, and its result is still audited once.
 */
@QuarkusTest
class ExchangeActivitiesTransactionTest {
  @Inject ExchangeActivities activities;
  @Inject LifecycleFixtures fixtures;
  @Inject FacilityService facilities;
  @Inject MarginCallQueries queries;
  @Inject EntityManager em;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<String> callsInsideATransaction = new CopyOnWriteArrayList<>();
  private final List<String> calls = new CopyOnWriteArrayList<>();

  @BeforeEach
  void installGateway() {
    QuarkusMock.installMockForType(new WatchingGateway(), ExchangeGateway.class);
  }

  @Test
  void givenEveryGatewayEffect_whenRunByItsActivity_thenNoTransactionIsOpenDuringTheCall() {
    String account = fixtures.facility(null);
    runEveryEffect(account, "call-tx");

    assertThat(calls)
        .filteredOn(call -> call.startsWith(account + ":"))
        .containsExactlyElementsOf(everyEffectCall(account));
    assertThat(callsInsideATransaction).isEmpty();
    assertThat(recordsOf(account)).isEqualTo(3);
  }

  @Test
  void givenARestrictionDoneAndRecorded_whenItsActivityRunsAgain_thenTheExchangeIsNotAskedTwice()
      throws JsonProcessingException {
    String account = fixtures.facility(null);
    RestrictionCommand reduceOnly =
        new RestrictionCommand(
            account + ":open:reduce-only-on",
            "call-confirm",
            account,
            Restriction.REDUCE_ONLY,
            true,
            "system");

    String first = activities.restrict(reduceOnly);
    String again = activities.restrict(reduceOnly);

    assertThat(calls).filteredOn(call -> call.startsWith(account + ":")).hasSize(1);
    assertThat(JSON.readTree(again)).isEqualTo(JSON.readTree(first));
    assertThat(
            fixtures.count(
                "SELECT count(*) FROM audit_record WHERE event_key = ?",
                reduceOnly.idempotencyKey()))
        .isEqualTo(1);
  }

  @Test
  void
      givenAnAccountWithACall_whenReadWithTheExchangeControls_thenTheExchangeIsAskedOutsideATransaction() {
    String account = fixtures.facility(null);
    String callId = fixtures.snapshot(account, "12000").orElseThrow();

    assertThat(facilities.account(account)).isPresent();
    assertThat(queries.detail(callId)).isPresent();

    assertThat(calls).contains(account + ":controls");
    assertThat(callsInsideATransaction).isEmpty();
  }

  @Test
  void givenAGatewayThatJoinsTransactions_whenEffectsRun_thenEachRunsInTheActivitysTransaction() {
    QuarkusMock.installMockForType(new JoiningGateway(), ExchangeGateway.class);
    String account = fixtures.facility(null);
    runEveryEffect(account, "call-joined");

    assertThat(callsInsideATransaction)
        .filteredOn(call -> call.startsWith(account + ":"))
        .containsExactlyElementsOf(everyEffectCall(account));
    assertThat(recordsOf(account)).isEqualTo(3);
  }

  @Test
  void givenAGatewayThatJoinsTransactions_whenItRefuses_thenWhatItWroteIsRolledBackWithNoRecord() {
    QuarkusMock.installMockForType(new JoiningGateway(), ExchangeGateway.class);
    String account = fixtures.facility(null);
    String key = account + ":liquidation:refused";

    assertThatThrownBy(
            () ->
                activities.restrict(
                    new RestrictionCommand(
                        key, "call-joined", account, Restriction.TRADING, false, "system")))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure ->
                assertThat(failure.getType()).isEqualTo(LifecycleFailure.GATEWAY_REJECTED.name()));
    assertThat(
            fixtures.count("SELECT count(*) FROM sim_side_effect WHERE idempotency_key = ?", key))
        .isZero();
    assertThat(fixtures.count("SELECT count(*) FROM audit_record WHERE event_key = ?", key))
        .isZero();
  }

  /** The gateway calls {@link #runEveryEffect} makes, in order, as the gateways note them. */
  private static List<String> everyEffectCall(String account) {
    return List.of(account + ":restriction", account + ":close", account + ":move-funds");
  }

  /** The audit records of the account's effects (their keys start with the account). */
  private long recordsOf(String account) {
    return fixtures.count(
        "SELECT count(*) FROM audit_record WHERE account_id = ? AND event_key LIKE ?",
        account,
        account + ":%");
  }

  /** A restriction, a close-out and a reclaim for the account, each through its activity. */
  private void runEveryEffect(String account, String callId) {
    activities.restrict(
        new RestrictionCommand(
            account + ":open:reduce-only-on",
            callId,
            account,
            Restriction.REDUCE_ONLY,
            true,
            "system"));
    activities.closeAllPositions(
        new ExchangeCommand(account + ":close", callId, account, "system"));
    activities.reclaimMarginPlus(
        new ExchangeCommand(account + ":reclaim", callId, account, "system"));
  }

  /**
   * An exchange whose state is in this database, as the simulated one: it writes its side effect in
   * the caller's transaction, and refuses a key that ends in {@code :refused} after writing.
   */
  private final class JoiningGateway extends WatchingGateway {
    @Override
    public boolean joinsTransactions() {
      return true;
    }

    @Override
    public String setRestriction(
        String idempotencyKey, String accountId, Restriction restriction, boolean enabled) {
      em.createNativeQuery(
              "INSERT INTO sim_side_effect (idempotency_key, account_id, effect, result,"
                  + " performed_at) VALUES (:k, :a, 'RESTRICTION', CAST('{}' AS jsonb), now())")
          .setParameter("k", idempotencyKey)
          .setParameter("a", accountId)
          .executeUpdate();
      if (idempotencyKey.endsWith(":refused")) {
        throw new GatewayException("exchange answered 403", false, null);
      }
      return super.setRestriction(idempotencyKey, accountId, restriction, enabled);
    }
  }

  private class WatchingGateway implements ExchangeGateway {
    // Workflows of other tests run in the background and reach this gateway too: every call is
    // recorded with its account, and the tests look only at their own.
    private String seen(String call, String accountId) {
      calls.add(accountId + ":" + call);
      if (QuarkusTransaction.isActive()) {
        callsInsideATransaction.add(accountId + ":" + call);
      }
      return "{\"ok\":true}";
    }

    @Override
    public String setRestriction(
        String idempotencyKey, String accountId, Restriction restriction, boolean enabled) {
      return seen("restriction", accountId);
    }

    @Override
    public List<RestrictionResult> setRestrictions(List<RestrictionOrder> orders) {
      return orders.stream()
          .map(order -> RestrictionResult.done(order, seen("restriction", order.accountId())))
          .toList();
    }

    @Override
    public String closeAllPositions(String idempotencyKey, String accountId) {
      return seen("close", accountId);
    }

    @Override
    public String moveFunds(
        String idempotencyKey,
        String accountId,
        String asset,
        BigDecimal amount,
        String destination) {
      return seen("move-funds", accountId);
    }

    @Override
    public AccountControls restrictions(String accountId) {
      seen("controls", accountId);
      return AccountControls.UNRESTRICTED;
    }
  }
}
