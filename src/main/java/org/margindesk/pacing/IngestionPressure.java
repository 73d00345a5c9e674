package org.margindesk.pacing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.margindesk.config.MarginDeskConfig;

/**
 * Lets bookkeeping yield to the safety path. Two signals: ingestion requests in flight, and among
 * them the requests restricting breaches (from the moment their evaluation finds a call to open
 * until it is committed and, with a remote exchange, confirmed). Workflow starts wait while any
 * ingestion is in flight, for at most {@code margin-desk.workflow-starts.yield-to-ingestion} after
 * they were queued; starts, notices, the Temporal worker's new tasks and the audit chainer's rounds
 * wait while breaches are being restricted, for at most {@code yield-to-restrictions}. The signal
 * is per instance: the work held back shares this machine's CPU. In a market shock the batches
 * still restricting accounts get the CPU, the connections and the database first, and the workflows
 * of the calls already restricted do not slow down the restrictions behind them.
 */
@ApplicationScoped
public class IngestionPressure {
  /** The latest moments queued work may be held back, measured from when it was queued. */
  public record Deadline(long ingestionNanos, long restrictionsNanos) {}

  /** One ingestion request in flight; close it in a finally block (try-with-resources). */
  public final class Request implements AutoCloseable {
    private boolean restricting;
    private boolean closed;

    private Request() {}

    /** The request found breaches to restrict: bookkeeping now waits for it. Idempotent. */
    public void restricting() {
      lock.lock();
      try {
        if (!restricting && !closed) {
          restricting = true;
          restrictingCount++;
        }
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void close() {
      lock.lock();
      try {
        if (closed) {
          return;
        }
        closed = true;
        inFlight--;
        if (restricting) {
          restrictingCount--;
        }
        changed.signalAll();
      } finally {
        lock.unlock();
      }
      releaseWaiters();
    }
  }

  private record Waiter(Deadline deadline, CompletableFuture<Void> clear) {}

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final List<Waiter> waiters = new ArrayList<>();
  private final long maxYieldNanos;
  private final long maxRestrictionsYieldNanos;
  private int inFlight;
  private int restrictingCount;

  @Inject
  IngestionPressure(MarginDeskConfig config) {
    this(config.workflowStarts().yieldToIngestion(), config.workflowStarts().yieldToRestrictions());
  }

  public IngestionPressure(Duration maxYield, Duration maxRestrictionsYield) {
    this.maxYieldNanos = Math.max(0, maxYield.toNanos());
    this.maxRestrictionsYieldNanos = Math.max(0, maxRestrictionsYield.toNanos());
  }

  /** An ingestion request started. */
  public Request enter() {
    lock.lock();
    try {
      inFlight++;
    } finally {
      lock.unlock();
    }
    return new Request();
  }

  /** For work that waits for any ingestion in flight, then for breaches being restricted. */
  public Deadline deadlineFromNow() {
    long now = System.nanoTime();
    return new Deadline(now + maxYieldNanos, now + maxRestrictionsYieldNanos);
  }

  /** For work that waits only for breaches being restricted, not for other ingestion. */
  public Deadline restrictionsDeadlineFromNow() {
    long now = System.nanoTime();
    return new Deadline(now, now + maxRestrictionsYieldNanos);
  }

  /** Waits while the safety path is busy, each kind of work at most until its deadline. */
  public void yieldUntil(Deadline deadline) {
    lock.lock();
    try {
      long left;
      while ((left = heldFor(deadline)) > 0) {
        changed.await(left, TimeUnit.NANOSECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lock.unlock();
    }
  }

  /**
   * For each item of a long pass of bookkeeping (a reconciler pass, a run of notices): waits for
   * ingestion in flight until the pass's own deadline, and for breaches being restricted at most
   * {@code yield-to-restrictions} from now, however long ago the pass began. A pass that started
   * before a shock, or whose deadline the shock outlasted, would otherwise go on beside the batches
   * still restricting accounts, taking CPU and database time from them.
   */
  public void yieldItem(Deadline pass) {
    yieldUntil(pass);
    yieldUntil(restrictionsDeadlineFromNow());
  }

  /**
   * The same wait for callers that must not block a thread (the Temporal worker's pollers).
   *
   * @return completes once {@link #yieldUntil} would have returned
   */
  public CompletableFuture<Void> whenClear(Deadline deadline) {
    CompletableFuture<Void> clear = new CompletableFuture<>();
    lock.lock();
    try {
      long left = heldFor(deadline);
      if (left <= 0) {
        clear.complete(null);
        return clear;
      }
      waiters.add(new Waiter(deadline, clear));
      clear.completeOnTimeout(null, left, TimeUnit.NANOSECONDS);
    } finally {
      lock.unlock();
    }
    return clear;
  }

  /** Whether work with this deadline would wait now: a check that costs no wait. */
  public boolean holds(Deadline deadline) {
    lock.lock();
    try {
      return heldFor(deadline) > 0;
    } finally {
      lock.unlock();
    }
  }

  /** How much longer work with this deadline is held back now; zero or less: not at all. */
  private long heldFor(Deadline deadline) {
    long until;
    if (restrictingCount > 0) {
      until = deadline.restrictionsNanos();
    } else if (inFlight > 0) {
      until = deadline.ingestionNanos();
    } else {
      return 0;
    }
    return until - System.nanoTime();
  }

  private void releaseWaiters() {
    List<CompletableFuture<Void>> released = new ArrayList<>();
    lock.lock();
    try {
      waiters.removeIf(
          waiter -> {
            if (waiter.clear().isDone()) {
              return true;
            }
            if (heldFor(waiter.deadline()) <= 0) {
              released.add(waiter.clear());
              return true;
            }
            return false;
          });
    } finally {
      lock.unlock();
    }
    // Completed outside the lock: what a completion runs (a slot reservation) must not hold it.
    released.forEach(clear -> clear.complete(null));
  }
}
