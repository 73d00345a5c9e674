package org.margindesk.persistence;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
import java.util.function.IntConsumer;

/**
 * Group commit for requests that each carry one item: items that arrive while earlier groups are
 * being applied wait, and are then applied together, by one of their own threads, in one call of
 * the applier (one transaction). Nothing ever waits to fill a group: on a quiet system every item
 * is applied at once, alone; under load the cost of a transaction (begin, commit, its flush to
 * disk) is shared by everything that queued during the previous one.
 *
 * <p>At most {@code maxGroupsInFlight} groups are applied at a time. Items of one group share their
 * key (the caller), since the applier takes one per call. A group's failure reaches each of its
 * items' threads, and only them. Each thread returns its own item's answer; order across threads is
 * arrival order, as far as arrival is ordered at all. A group runs on its leader's thread, so what
 * it logs carries the leader's request id.
 *
 * @param <K> what the items of one group must share
 * @param <I> an item
 * @param <A> an item's answer
 */
public final class GroupCommit<K, I, A> {
  private final ReentrantLock lock = new ReentrantLock();
  private final ArrayDeque<Waiting<K, I, A>> queue = new ArrayDeque<>();
  private final BiFunction<List<I>, K, List<A>> applier;
  private final int maxGroupsInFlight;
  private final int maxGroupSize;
  private final IntConsumer groupSizes;
  private int leaders;

  /**
   * @param applier applies items sharing a key, answering each in order; may throw, which fails
   *     every item of the group
   * @param groupSizes told the size of each group applied (a metric)
   */
  public GroupCommit(
      BiFunction<List<I>, K, List<A>> applier,
      int maxGroupsInFlight,
      int maxGroupSize,
      IntConsumer groupSizes) {
    if (maxGroupsInFlight < 1 || maxGroupSize < 1) {
      throw new IllegalArgumentException("A group commit needs at least one group of one item");
    }
    this.applier = applier;
    this.maxGroupsInFlight = maxGroupsInFlight;
    this.maxGroupSize = maxGroupSize;
    this.groupSizes = groupSizes;
  }

  /**
   * Applies the item, alone or with others that queued beside it, and answers it.
   *
   * @throws RuntimeException what the applier threw for this item's group
   */
  public A submit(K key, I item) {
    Waiting<K, I, A> me = new Waiting<>(key, item, lock.newCondition());
    lock.lock();
    try {
      queue.addLast(me);
      boolean leading = leaders < maxGroupsInFlight;
      if (leading) {
        leaders++;
      }
      while (true) {
        if (!leading) {
          while (!me.done && !me.promoted) {
            me.turn.awaitUninterruptibly();
          }
          if (me.promoted) {
            me.promoted = false;
            leading = true;
          }
        }
        if (me.done) {
          if (leading) {
            handOver();
          }
          return me.result();
        }
        List<Waiting<K, I, A>> group = takeGroup();
        if (group.isEmpty()) {
          // This item is in another leader's group: wait for its answer like any other.
          leaders--;
          leading = false;
          continue;
        }
        lock.unlock();
        try {
          apply(group);
        } finally {
          lock.lock();
        }
        for (Waiting<K, I, A> waiting : group) {
          waiting.turn.signal();
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /** Groups being applied now, and their leaders; for tests and diagnostics. */
  int leaders() {
    lock.lock();
    try {
      return leaders;
    } finally {
      lock.unlock();
    }
  }

  /** Items waiting for a group; for tests and diagnostics. */
  int queued() {
    lock.lock();
    try {
      return queue.size();
    } finally {
      lock.unlock();
    }
  }

  /** The queue's head and the items behind it with the same key, in arrival order. */
  private List<Waiting<K, I, A>> takeGroup() {
    List<Waiting<K, I, A>> group = new ArrayList<>();
    K key = null;
    for (Iterator<Waiting<K, I, A>> it = queue.iterator();
        it.hasNext() && group.size() < maxGroupSize; ) {
      Waiting<K, I, A> waiting = it.next();
      if (key == null) {
        key = waiting.key;
      }
      if (Objects.equals(key, waiting.key)) {
        it.remove();
        group.add(waiting);
      }
    }
    return group;
  }

  /** Runs outside the lock; records each item's answer, or the group's failure. */
  private void apply(List<Waiting<K, I, A>> group) {
    List<I> items = new ArrayList<>(group.size());
    for (Waiting<K, I, A> waiting : group) {
      items.add(waiting.item);
    }
    List<A> answers = null;
    RuntimeException failure = null;
    try {
      answers = applier.apply(items, group.get(0).key);
      if (answers.size() != items.size()) {
        failure =
            new IllegalStateException(
                "The applier answered " + answers.size() + " of " + items.size() + " items");
      }
    } catch (RuntimeException e) {
      failure = e;
    } catch (Error e) {
      failure = new IllegalStateException("Applying a group failed", e);
    }
    try {
      groupSizes.accept(items.size());
    } catch (RuntimeException e) {
      // A metric must not leave the group's threads waiting for answers that were decided.
    }
    lock.lock();
    try {
      for (int i = 0; i < group.size(); i++) {
        Waiting<K, I, A> waiting = group.get(i);
        waiting.done = true;
        if (failure != null) {
          waiting.failure = failure;
        } else {
          waiting.answer = answers.get(i);
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /** A leader whose own item is answered passes the lead to the first waiting item, if any. */
  private void handOver() {
    for (Waiting<K, I, A> waiting : queue) {
      if (!waiting.promoted) {
        waiting.promoted = true;
        waiting.turn.signal();
        return;
      }
    }
    leaders--;
  }

  /** One item, its answer once applied, and whether it was asked to lead. Guarded by the lock. */
  private static final class Waiting<K, I, A> {
    final K key;
    final I item;
    final Condition turn;
    boolean done;
    boolean promoted;
    A answer;
    RuntimeException failure;

    Waiting(K key, I item, Condition turn) {
      this.key = key;
      this.item = item;
      this.turn = turn;
    }

    A result() {
      if (failure != null) {
        throw failure;
      }
      return answer;
    }
  }
}
