package org.margindesk.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.margindesk.domain.CallStatus;
import org.margindesk.domain.ExchangeEffect;

/** Every series a dashboard needs exists, at zero, as soon as the metrics bean is created. */
class MetricsAtBootTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final MarginDeskMetrics metrics = new MarginDeskMetrics(registry, new NoTransaction());

  @Test
  void givenNoCallYet_whenTheRegistryIsRead_thenOpenedClosedAndLatencyMetersExistAtZero() {
    for (String trigger :
        new String[] {
          "CAB_BELOW_MIN_TOP_UP", "MMR_BELOW_MARGIN_CALL",
          "CAB_BELOW_TERMINATION", "MMR_BELOW_LIQUIDATION"
        }) {
      assertThat(registry.get(MarginDeskMetrics.CALLS_OPENED).tag("trigger", trigger).counter())
          .extracting(c -> c.count())
          .isEqualTo(0.0);
    }
    for (String outcome : new String[] {"cured", "waived", "liquidated"}) {
      assertThat(registry.get(MarginDeskMetrics.CALLS_CLOSED).tag("outcome", outcome).counter())
          .extracting(c -> c.count())
          .isEqualTo(0.0);
      assertThat(registry.get(MarginDeskMetrics.TIME_IN_CALL).tag("outcome", outcome).timer())
          .extracting(t -> t.count())
          .isEqualTo(0L);
    }
    assertThat(registry.get(MarginDeskMetrics.BREACH_TO_RESTRICTION).timer().count()).isZero();
  }

  @Test
  void givenNoRefusalYet_whenTheRegistryIsRead_thenEveryEffectsRefusalCounterExistsAtZero() {
    for (ExchangeEffect effect : ExchangeEffect.values()) {
      assertThat(
              registry
                  .get(MarginDeskMetrics.EXCHANGE_REFUSALS)
                  .tag("effect", effect.tag())
                  .counter())
          .extracting(c -> c.count())
          .isEqualTo(0.0);
    }
    metrics.exchangeRefused(ExchangeEffect.REDUCE_ONLY_ON);
    assertThat(
            registry
                .get(MarginDeskMetrics.EXCHANGE_REFUSALS)
                .tag("effect", "reduce_only_on")
                .counter()
                .count())
        .isEqualTo(1.0);
  }

  @Test
  void givenTheRegisteredMeters_whenACallOpensAndCloses_thenTheSameSeriesCount() {
    metrics.callOpened("CAB_BELOW_MIN_TOP_UP");
    metrics.breachRestricted(Duration.ofMillis(40));
    metrics.callClosed(CallStatus.CURED, Duration.ofMinutes(3));

    assertThat(
            registry
                .get(MarginDeskMetrics.CALLS_OPENED)
                .tag("trigger", "CAB_BELOW_MIN_TOP_UP")
                .counter()
                .count())
        .isEqualTo(1.0);
    assertThat(
            registry.get(MarginDeskMetrics.CALLS_CLOSED).tag("outcome", "cured").counter().count())
        .isEqualTo(1.0);
    assertThat(registry.get(MarginDeskMetrics.CALLS_CLOSED).counters()).hasSize(3);
    assertThat(registry.get(MarginDeskMetrics.BREACH_TO_RESTRICTION).timer().count()).isEqualTo(1);
  }

  /** Outside a transaction the metrics count at once. */
  private static final class NoTransaction implements TransactionSynchronizationRegistry {
    @Override
    public Object getTransactionKey() {
      return null;
    }

    @Override
    public void putResource(Object key, Object value) {}

    @Override
    public Object getResource(Object key) {
      return null;
    }

    @Override
    public void registerInterposedSynchronization(Synchronization sync) {
      throw new AssertionError("no transaction is active");
    }

    @Override
    public int getTransactionStatus() {
      return Status.STATUS_NO_TRANSACTION;
    }

    @Override
    public void setRollbackOnly() {}

    @Override
    public boolean getRollbackOnly() {
      return false;
    }
  }
}
