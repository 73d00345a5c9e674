package org.margindesk.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.margindesk.config.MarginDeskConfig;

/**
 * Lets bookkeeping yield to the safety path. While ingestion requests are in flight, workflow
 * starts and notices (already durable, their accounts already restricted) wait, for at most {@code
 * margin-desk.workflow-starts.yield-to-ingestion} after they were queued: in a market shock the
 * batches still restricting accounts get the CPU, the connections and the database first, and the
 * first batch's workflows do not slow down the batches behind it.
 */
@ApplicationScoped
public class IngestionPressure {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition quiet = lock.newCondition();
  private final long maxYieldNanos;
  private int inFlight;

  @Inject
  IngestionPressure(MarginDeskConfig config) {
    this(config.workflowStarts().yieldToIngestion());
  }

  IngestionPressure(Duration maxYield) {
    this.maxYieldNanos = Math.max(0, maxYield.toNanos());
  }

  /** An ingestion request started; pair with {@link #exit()} in a finally block. */
  public void enter() {
    lock.lock();
    try {
      inFlight++;
    } finally {
      lock.unlock();
    }
  }

  public void exit() {
    lock.lock();
    try {
      if (--inFlight == 0) {
        quiet.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /** The latest moment work queued now may be held back, for {@link #yieldUntil}. */
  public long deadlineFromNow() {
    return System.nanoTime() + maxYieldNanos;
  }

  /** Waits until no ingestion request is in flight, or until {@code deadlineNanos}. */
  public void yieldUntil(long deadlineNanos) {
    lock.lock();
    try {
      while (inFlight > 0) {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
          return;
        }
        quiet.await(left, TimeUnit.NANOSECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lock.unlock();
    }
  }
}
