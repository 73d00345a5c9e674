package org.margindesk.service;

import java.util.Comparator;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One of {@link CallDispatch}'s threads and its bounded queue. Queued work runs the most urgent
 * first, and in the order it was queued within one urgency: in a market shock thousands of starts
 * queue at once, and the calls liquidated at once must not wait behind every margin call for the
 * first step of their liquidation.
 *
 * <p>A call's own work keeps its order as long as nothing queued later for it is more urgent than
 * what came before: its start (of any urgency) before its notices ({@link Urgency#ROUTINE}).
 */
final class DispatchStripe {
  /** Most urgent first. */
  enum Urgency {
    /** A restriction still pending at the exchange: the safety path. */
    RESTRICTION,
    /** The start of a call liquidated from its first assessment: its liquidation runs at once. */
    LIQUIDATION,
    /** Every other start, and the notices to running calls. */
    ROUTINE
  }

  private record Queued(Urgency urgency, long sequence, Runnable work) implements Runnable {
    @Override
    public void run() {
      work.run();
    }
  }

  private static final Comparator<Runnable> MOST_URGENT_FIRST =
      Comparator.comparing((Runnable queued) -> ((Queued) queued).urgency())
          .thenComparingLong(queued -> ((Queued) queued).sequence());

  private final ThreadPoolExecutor executor;
  private final int capacity;
  private final AtomicLong sequence = new AtomicLong();

  DispatchStripe(String name, int capacity) {
    this.capacity = capacity;
    this.executor =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new PriorityBlockingQueue<>(Math.min(capacity, 1024), MOST_URGENT_FIRST),
            runnable -> {
              Thread thread = new Thread(runnable, name);
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Queues {@code work}.
   *
   * @throws RejectedExecutionException if {@code capacity} items wait already: the work is durable
   *     elsewhere, and its sweeper takes it from there
   */
  void execute(Urgency urgency, Runnable work) {
    // The queue itself is unbounded; two threads may both pass this check, and one item over the
    // bound costs nothing.
    if (executor.getQueue().size() >= capacity) {
      throw new RejectedExecutionException("dispatch queue full (" + capacity + ")");
    }
    executor.execute(new Queued(urgency, sequence.getAndIncrement(), work));
  }
}
