package org.margindesk.pacing;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The workflow starts this instance has queued and not yet made. In a market shock thousands of
 * calls are restricted in a second or two, and their workflows then start for many seconds more:
 * until a call's workflow runs, nothing counts down its deadline or moves its liquidation on.
 * Notice deliveries, which would take a share of the same CPU and database, wait while more starts
 * are queued than the dispatch runs at once (bounded by their own setting), so every call is under
 * its workflow sooner and the notices follow. A steady feed's few starts hold nothing back.
 */
// Created at startup, so the gauge is there before the first start.
@Startup
@ApplicationScoped
public class StartBacklog {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition fewer = lock.newCondition();
  private int queued;

  /** Not counted in the metrics: for tests. */
  public StartBacklog() {}

  /** Shows the backlog as the {@code margindesk_workflow_starts_queued} gauge. */
  @Inject
  StartBacklog(MeterRegistry registry) {
    Gauge.builder("margindesk.workflow.starts.queued", this, StartBacklog::size)
        .description("Workflow starts this instance has queued and not yet made")
        .register(registry);
  }

  /** {@code count} starts were queued. */
  public void queued(int count) {
    lock.lock();
    try {
      queued += count;
    } finally {
      lock.unlock();
    }
  }

  /** One queued start was made, failed, or was left to the sweeper. */
  public void done() {
    lock.lock();
    try {
      queued = Math.max(0, queued - 1);
      fewer.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** How many starts are queued now. */
  public int size() {
    lock.lock();
    try {
      return queued;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until no more than {@code starts} are queued, at most {@code max}.
   *
   * @return whether no more than {@code starts} were queued when it returned
   */
  public boolean awaitNoMoreThan(int starts, Duration max) {
    long left = Math.max(0, max.toNanos());
    lock.lock();
    try {
      while (queued > starts && left > 0) {
        left = fewer.awaitNanos(left);
      }
      return queued <= starts;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return queued <= starts;
    } finally {
      lock.unlock();
    }
  }
}
