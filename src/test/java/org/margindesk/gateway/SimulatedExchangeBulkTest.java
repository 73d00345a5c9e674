package org.margindesk.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.margindesk.domain.Restriction;

/** The simulated exchange's bulk restriction against its one-by-one twin. */
@QuarkusTest
class SimulatedExchangeBulkTest {
  @Inject SimulatedExchange exchange;

  private final String run = UUID.randomUUID().toString().substring(0, 8);

  private List<RestrictionResult> bulk(List<RestrictionOrder> orders) {
    return QuarkusTransaction.requiringNew().call(() -> exchange.setRestrictions(orders));
  }

  @Test
  void givenSeveralOrdersPerAccount_whenAppliedInBulk_thenEachAccountEndsAsItsOrdersSay() {
    String a = "bulk-a-" + run;
    String b = "bulk-b-" + run;
    List<RestrictionOrder> orders =
        List.of(
            new RestrictionOrder(b + ":1", b, Restriction.REDUCE_ONLY, true),
            new RestrictionOrder(a + ":1", a, Restriction.REDUCE_ONLY, true),
            new RestrictionOrder(a + ":2", a, Restriction.WITHDRAWALS, false),
            new RestrictionOrder(a + ":3", a, Restriction.TRADING, false),
            new RestrictionOrder(a + ":4", a, Restriction.TRADING, true));

    List<RestrictionResult> results = bulk(orders);

    assertThat(results).extracting(RestrictionResult::order).containsExactlyElementsOf(orders);
    assertThat(results).allMatch(RestrictionResult::isDone);
    assertThat(exchange.restrictions(a)).isEqualTo(new AccountControls(true, false, true));
    assertThat(exchange.restrictions(b)).isEqualTo(new AccountControls(true, true, true));
  }

  @Test
  void givenAnOrderAlreadyPerformed_whenSentAgainInBulk_thenItAnswersTheSameAndChangesNothing() {
    String a = "bulk-again-" + run;
    RestrictionOrder on = new RestrictionOrder(a + ":on", a, Restriction.REDUCE_ONLY, true);
    String first = bulk(List.of(on)).get(0).result();
    // A later, different effect lifts it; repeating the first order must not put it back.
    exchange.setRestriction(a + ":off", a, Restriction.REDUCE_ONLY, false);

    List<RestrictionResult> again = bulk(List.of(on));

    assertThat(again.get(0).result()).isEqualTo(first);
    assertThat(exchange.restrictions(a).reduceOnly()).isFalse();
  }
}
