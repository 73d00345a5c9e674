package org.margindesk.worker;

import io.temporal.worker.tuning.SlotPermit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.margindesk.config.MarginDeskConfig;

/**
 * The workflow-task slots this instance's worker has taken, for the threads that start workflows.
 * An eager start hands the new workflow's first task straight to this worker, but only if a slot is
 * free at that moment; otherwise the task waits in the server's task queue. The embedded test
 * server serves that queue last in, first out, so in a market shock the calls started first (the
 * immediate liquidations, dispatched first) waited behind every margin call started after them:
 * more than half of a 10,000-breach shock's eager starts found no free slot, and the immediate
 * liquidations' first operator task opened 28–36 s in, after the last margin call had opened.
 * Starts that wait here for a free slot all go straight to the worker, in their dispatch order: the
 * liquidations' last operator task opened at 15–17 s (run W, docs/performance-runs-from-u.md).
 */
@ApplicationScoped
public class WorkflowTaskRoom {
  private final Set<SlotPermit> issued = ConcurrentHashMap.newKeySet();
  private final int slots;

  @Inject
  WorkflowTaskRoom(MarginDeskConfig config) {
    this(config.temporal().workflowTaskSlots());
  }

  WorkflowTaskRoom(int slots) {
    this.slots = slots;
  }

  /**
   * A slot is taken: by a poller waiting for a task, by an eager start whose task waits for a
   * workflow executor, or by a task running.
   */
  void issued(SlotPermit permit) {
    issued.add(permit);
  }

  /** A slot is given back, whether or not it ran a task. */
  void released(SlotPermit permit) {
    if (issued.remove(permit)) {
      synchronized (this) {
        notifyAll();
      }
    }
  }

  /** Slots taken now. */
  public int taken() {
    return issued.size();
  }

  /**
   * Waits until {@code starts} eager starts would each find a free slot, at most {@code longest}.
   *
   * @return whether there is room; false after {@code longest}, or when interrupted (the flag is
   *     set again)
   */
  public boolean awaitRoom(int starts, Duration longest) {
    long deadline = System.nanoTime() + longest.toNanos();
    synchronized (this) {
      while (!hasRoom(starts)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        try {
          // A release notifies under this monitor; the short wait only keeps the deadline.
          wait(Math.max(1, Math.min(50, left / 1_000_000)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return true;
    }
  }

  private boolean hasRoom(int starts) {
    return issued.size() + starts <= slots;
  }
}
