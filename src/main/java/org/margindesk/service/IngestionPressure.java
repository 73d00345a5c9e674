package org.margindesk.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.margindesk.config.MarginDeskConfig;

/**
 * Lets bookkeeping yield to the safety path. Workflow starts (already durable, their accounts
 * already restricted) wait while ingestion requests are in flight, for at most {@code
 * margin-desk.workflow-starts.yield-to-ingestion} after they were queued; starts and notices wait
 * while a remote exchange is confirming restrictions, for at most {@code yield-to-restrictions}: in
 * a market shock the batches still restricting accounts get the CPU, the connections and the
 * database first, and the first batch's workflows do not slow down the restrictions behind it.
 */
@ApplicationScoped
public class IngestionPressure {
  /** The latest moments queued work may be held back, measured from when it was queued. */
  public record Deadline(long ingestionNanos, long restrictionsNanos) {}

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final long maxYieldNanos;
  private final long maxRestrictionsYieldNanos;
  private int inFlight;
  private int confirming;

  @Inject
  IngestionPressure(MarginDeskConfig config) {
    this(config.workflowStarts().yieldToIngestion(), config.workflowStarts().yieldToRestrictions());
  }

  IngestionPressure(Duration maxYield, Duration maxRestrictionsYield) {
    this.maxYieldNanos = Math.max(0, maxYield.toNanos());
    this.maxRestrictionsYieldNanos = Math.max(0, maxRestrictionsYield.toNanos());
  }

  /** An ingestion request started; pair with {@link #exit()} in a finally block. */
  public void enter() {
    update(1, 0);
  }

  public void exit() {
    update(-1, 0);
  }

  /** Runs a confirmation of restrictions by the exchange, during which queued work waits. */
  public <T> T confirming(Supplier<T> confirmation) {
    update(0, 1);
    try {
      return confirmation.get();
    } finally {
      update(0, -1);
    }
  }

  public Deadline deadlineFromNow() {
    long now = System.nanoTime();
    return new Deadline(now + maxYieldNanos, now + maxRestrictionsYieldNanos);
  }

  /** For work that waits for restrictions being confirmed only, not for ingestion in flight. */
  public Deadline noticeDeadlineFromNow() {
    long now = System.nanoTime();
    return new Deadline(now, now + maxRestrictionsYieldNanos);
  }

  /** Waits while the safety path is busy, each kind of work at most until its deadline. */
  public void yieldUntil(Deadline deadline) {
    lock.lock();
    try {
      while (true) {
        long until;
        if (confirming > 0) {
          until = deadline.restrictionsNanos();
        } else if (inFlight > 0) {
          until = deadline.ingestionNanos();
        } else {
          return;
        }
        long left = until - System.nanoTime();
        if (left <= 0) {
          return;
        }
        changed.await(left, TimeUnit.NANOSECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lock.unlock();
    }
  }

  private void update(int requests, int confirmations) {
    lock.lock();
    try {
      inFlight += requests;
      confirming += confirmations;
      if (requests < 0 || confirmations < 0) {
        changed.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }
}
