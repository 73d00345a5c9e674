package org.margindesk.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.margindesk.domain.CallStatus;
import org.margindesk.domain.ExchangeEffect;
import org.margindesk.domain.PolicyRule;
import org.margindesk.persistence.AfterCommit;

/**
 * The business metrics of Margin Desk, published at {@code /q/metrics}. Counts are taken after the
 * surrounding transaction commits, so a rolled-back or retried activity does not count twice.
 *
 * <p>The bean starts with the service and registers every meter whose tags are known in advance, at
 * zero: dashboards and {@code rate()} see the series from boot, not from the first call.
 */
@Startup
@ApplicationScoped
public class MarginDeskMetrics {
  static final String CALLS_OPENED = "margindesk.calls.opened";
  static final String CALLS_CLOSED = "margindesk.calls.closed";
  static final String CALLS_OPEN = "margindesk.calls.open";
  static final String BREACH_TO_RESTRICTION = "margindesk.breach.to.restriction";
  static final String TIME_IN_CALL = "margindesk.call.duration";
  static final String TASK_SLA_BREACHES = "margindesk.tasks.sla.breaches";
  static final String SNAPSHOTS = "margindesk.snapshots";
  static final String RECONCILE_FAILURES = "margindesk.reconciler.failures";
  static final String RECONCILE_CHECKS = "margindesk.reconciler.checks";
  static final String EXCHANGE_REFUSALS = "margindesk.exchange.refusals";
  static final String RESTRICTIONS_PENDING = "margindesk.restrictions.pending";
  static final String WORKFLOW_START_FAILURES = "margindesk.workflow.start.failures";
  static final String AUDIT_CHAIN_FAILURES = "margindesk.audit.chain.failures";
  static final String SINGLE_SNAPSHOT_GROUPS = "margindesk.snapshots.single.group.size";
  static final String WRITE_GROUPS = "margindesk.write.group.size";

  /** What {@link #WRITE_GROUPS} counts, by its {@code writes} tag. */
  public enum WriteGroup {
    /** Started workflows whose outbox rows were cleared together. */
    WORKFLOW_STARTS_CLEARED,
    /** Call openings a workflow records, written together. */
    CALL_OPENINGS
  }

  /** The final statuses, as the {@code outcome} tag spells them. */
  static final List<String> OUTCOMES =
      Stream.of(CallStatus.CURED, CallStatus.WAIVED, CallStatus.LIQUIDATED)
          .map(MarginDeskMetrics::outcome)
          .toList();

  private final MeterRegistry registry;
  private final TransactionSynchronizationRegistry transactions;
  private final AtomicLong openCalls = new AtomicLong();

  MarginDeskMetrics(MeterRegistry registry, TransactionSynchronizationRegistry transactions) {
    this.registry = registry;
    this.transactions = transactions;
    Gauge.builder(CALLS_OPEN, openCalls, AtomicLong::get)
        .description("Margin calls that are OPEN or LIQUIDATING")
        .register(registry);
    // A call opened by one rule; calls opened by several rules at once add a series like A+B.
    for (PolicyRule rule : PolicyRule.values()) {
      callsOpened(rule.name());
    }
    for (String outcome : OUTCOMES) {
      callsClosed(outcome);
      timeInCall(outcome);
    }
    breachToRestriction();
    reconcileFailures();
    reconcileChecks();
    restrictionsPending();
    workflowStartFailures();
    auditChainFailures();
    singleSnapshotGroups();
    for (WriteGroup group : WriteGroup.values()) {
      writeGroups(group);
    }
    for (ExchangeEffect effect : ExchangeEffect.values()) {
      exchangeRefusals(effect);
    }
  }

  /** A call was opened; {@code trigger} names the policy rules that fired, e.g. CAB_BELOW_…. */
  public void callOpened(String trigger) {
    afterCommit(
        () -> {
          callsOpened(trigger).increment();
          // Moved at once here; OpenCallsGauge corrects it from the read model, which also
          // counts the calls other instances opened and closed.
          openCalls.incrementAndGet();
        });
  }

  /** A call reached a final status (CURED, WAIVED, LIQUIDATED) after {@code timeInCall}. */
  public void callClosed(CallStatus status, Duration timeInCall) {
    String outcome = outcome(status);
    afterCommit(
        () -> {
          openCalls.updateAndGet(open -> Math.max(0, open - 1));
          callsClosed(outcome).increment();
          timeInCall(outcome).record(timeInCall);
        });
  }

  /**
   * The account of a call opened at {@code openedAt} was restricted in the current transaction: the
   * restriction counts from its commit, so the time is taken then.
   */
  public void breachRestrictedAtCommit(Instant openedAt, Clock clock) {
    afterCommit(
        () -> {
          Duration latency = Duration.between(openedAt, clock.instant());
          breachToRestriction().record(latency.isNegative() ? Duration.ZERO : latency);
        });
  }

  /** Time from the snapshot that opened a call being received to the account being reduce-only. */
  public void breachRestricted(Duration latency) {
    afterCommit(() -> breachToRestriction().record(latency.isNegative() ? Duration.ZERO : latency));
  }

  /** An operator task went past its due time (once per escalation level). */
  public void taskSlaBreached(String taskType) {
    afterCommit(
        () ->
            Counter.builder(TASK_SLA_BREACHES)
                .description("Operator tasks that went overdue, counted once per escalation level")
                .tag("type", taskType)
                .register(registry)
                .increment());
  }

  /**
   * {@code count} snapshots were received with this {@code source} (NATIVE or BINANCE) and {@code
   * result} (applied, duplicate or stale).
   */
  public void snapshotsIngested(String source, String result, long count) {
    afterCommit(
        () ->
            Counter.builder(SNAPSHOTS)
                .description("Risk snapshots received, by source and result")
                .tag("source", source.toLowerCase(Locale.ROOT))
                .tag("result", result)
                .register(registry)
                .increment(count));
  }

  /**
   * Single snapshot requests applied together in one transaction (persistence.GroupCommit): 1 on a
   * quiet system, more under load. Counted at once: the group's items are answered either way.
   */
  public void singleSnapshotsGrouped(int size) {
    singleSnapshotGroups().record(size);
  }

  /** Writes of one kind that arrived at once were made together, in one transaction. */
  public void writesGrouped(WriteGroup group, int size) {
    writeGroups(group).record(size);
  }

  /**
   * The reconciler read one open call and asked Temporal about it on its own: a call the listing of
   * running workflows did not answer for (a lost or new workflow, a lagging or failed listing).
   */
  public void reconcilerCheckedOne() {
    reconcileChecks().increment();
  }

  /** The reconciler could not check or restart one open call; the next pass tries again. */
  public void reconcileFailed() {
    reconcileFailures().increment();
  }

  /** The exchange refused an effect and an EXCHANGE_REFUSED task was opened for it. */
  public void exchangeRefused(ExchangeEffect effect) {
    afterCommit(() -> exchangeRefusals(effect).increment());
  }

  /**
   * Ingestion opened a call but could not confirm its opening restrictions at the exchange: the
   * call says PENDING and its workflow keeps sending them. Alert on any increase.
   */
  public void restrictionPending() {
    restrictionsPending().increment();
  }

  /** A workflow start from the outbox failed; the sweeper tries again. */
  public void workflowStartFailed() {
    workflowStartFailures().increment();
  }

  /** A round of the audit chainer failed; its records stay staged and the next round takes them. */
  public void auditChainFailed() {
    auditChainFailures().increment();
  }

  // Each meter is defined once; Micrometer returns the registered meter on every later call.

  private Counter callsOpened(String trigger) {
    return Counter.builder(CALLS_OPENED)
        .description("Margin calls opened, by the rules that triggered them")
        .tag("trigger", trigger)
        .register(registry);
  }

  private Counter callsClosed(String outcome) {
    return Counter.builder(CALLS_CLOSED)
        .description("Margin calls closed, by outcome (cured, waived, liquidated)")
        .tag("outcome", outcome)
        .register(registry);
  }

  private Timer timeInCall(String outcome) {
    return Timer.builder(TIME_IN_CALL)
        .description("Time from opening a margin call to its final status")
        .tag("outcome", outcome)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofSeconds(1))
        .maximumExpectedValue(Duration.ofDays(2))
        .register(registry);
  }

  private Timer breachToRestriction() {
    return Timer.builder(BREACH_TO_RESTRICTION)
        .description("From receiving the breaching snapshot to reduce-only at the exchange")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofMinutes(5))
        .register(registry);
  }

  private Counter reconcileFailures() {
    return Counter.builder(RECONCILE_FAILURES)
        .description("Open calls the reconciler could not check or restart, per attempt")
        .register(registry);
  }

  private Counter reconcileChecks() {
    return Counter.builder(RECONCILE_CHECKS)
        .description("Open calls the reconciler checked one by one (not answered by the listing)")
        .register(registry);
  }

  private Counter restrictionsPending() {
    return Counter.builder(RESTRICTIONS_PENDING)
        .description(
            "Calls whose opening restrictions ingestion could not confirm at the exchange (left"
                + " to the call's workflow)")
        .register(registry);
  }

  private Counter workflowStartFailures() {
    return Counter.builder(WORKFLOW_START_FAILURES)
        .description("Failed workflow starts from the outbox, per attempt")
        .register(registry);
  }

  private DistributionSummary writeGroups(WriteGroup group) {
    return DistributionSummary.builder(WRITE_GROUPS)
        .description("Writes of one kind, arrived at once, made in one transaction")
        .tag("writes", group.name().toLowerCase(Locale.ROOT))
        .publishPercentileHistogram()
        .minimumExpectedValue(1.0)
        .maximumExpectedValue(256.0)
        .register(registry);
  }

  private DistributionSummary singleSnapshotGroups() {
    return DistributionSummary.builder(SINGLE_SNAPSHOT_GROUPS)
        .description("Single snapshot requests applied together in one transaction")
        .publishPercentileHistogram()
        .minimumExpectedValue(1.0)
        .maximumExpectedValue(250.0)
        .register(registry);
  }

  private Counter auditChainFailures() {
    return Counter.builder(AUDIT_CHAIN_FAILURES)
        .description("Failed rounds of chaining staged audit records (they stay staged, durable)")
        .register(registry);
  }

  private Counter exchangeRefusals(ExchangeEffect effect) {
    return Counter.builder(EXCHANGE_REFUSALS)
        .description("Effects the exchange refused (4xx), each opening an operator task")
        .tag("effect", effect.tag())
        .register(registry);
  }

  private static String outcome(CallStatus status) {
    return status.name().toLowerCase(Locale.ROOT);
  }

  void setOpenCalls(long count) {
    openCalls.set(count);
  }

  private void afterCommit(Runnable count) {
    AfterCommit.run(transactions, count);
  }
}
