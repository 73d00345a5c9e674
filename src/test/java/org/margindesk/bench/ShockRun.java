package org.margindesk.bench;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.margindesk.bench.ServiceClient.Answer;
import org.margindesk.bench.ServiceClient.Snapshot;
import org.margindesk.bench.Stats.Summary;

/**
 * One market shock: simultaneous breaches through the batch endpoint, all requests released at
 * once, then polling until every account is restricted exchange-side, every workflow has written
 * its CALL_OPENED record and every holder has been sent a notice, or the timeout.
 */
final class ShockRun {
  /** Times in seconds since {@code t0}, the send time of the shock's first request. */
  record Result(
      String label,
      int size,
      int liquidations,
      int batches,
      Instant t0,
      List<Double> batchAnswers,
      Map<String, Double> answered,
      Map<String, Double> stamped,
      Map<String, Double> observed,
      int restrictedAtAnswer,
      Map<String, Double> opened,
      Double allOpenedSeen,
      Map<String, Double> tradingDisabled,
      Map<String, Double> firstTaskOpen,
      Map<String, Double> notified,
      Double chainCaughtUp,
      Map<Integer, Integer> errors,
      int unexpected,
      int exchangeReads,
      double exchangeReadSeconds,
      int auditReads,
      double auditReadSeconds,
      boolean timedOut,
      Duration timeout) {

    Summary batchSummary() {
      return Stats.of(batchAnswers);
    }

    Summary stampedSummary() {
      return Stats.of(stamped.values());
    }

    Summary observedSummary() {
      return Stats.of(observed.values());
    }

    /** When the last account was restricted, or null when not all were within the timeout. */
    Double allRestricted(Map<String, Double> times) {
      return times.size() == size ? times.values().stream().max(Double::compare).get() : null;
    }

    Double allOpened() {
      return opened.size() == size ? opened.values().stream().max(Double::compare).get() : null;
    }

    /** When the last immediate liquidation had trading disabled, or null if not all did. */
    Double allTradingDisabled() {
      return allLiquidations(tradingDisabled);
    }

    Double allFirstTasksOpen() {
      return allLiquidations(firstTaskOpen);
    }

    /** When the last holder was sent a notice, or null when not all were within the timeout. */
    Double allNotified() {
      return notified.size() == size ? notified.values().stream().max(Double::compare).get() : null;
    }

    /** When the last immediate liquidation got there, or null when not all did in time. */
    Double allLiquidations(Map<String, Double> times) {
      return times.size() == liquidations
          ? times.values().stream().max(Double::compare).orElse(0.0)
          : null;
    }

    int errorCount() {
      return errors.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  private final BenchOptions options;
  private final ServiceClient client;
  private final Breaches breaches;
  private final ExchangeSide exchange;
  private final SqlProbes sql;

  /** The harness's reads meanwhile, [0] of the exchange side, [1] of the audit records. */
  private final AtomicInteger[] reads = {new AtomicInteger(), new AtomicInteger()};

  private final AtomicLong[] readNanos = {new AtomicLong(), new AtomicLong()};

  ShockRun(
      BenchOptions options,
      ServiceClient client,
      Breaches breaches,
      ExchangeSide exchange,
      SqlProbes sql) {
    this.options = options;
    this.client = client;
    this.breaches = breaches;
    this.exchange = exchange;
    this.sql = sql;
  }

  Result run(String label, List<String> accounts, String phase) throws Exception {
    int n = accounts.size();
    List<String> kinds = breaches.mix(n, options.liquidationShare);
    Map<String, String> kindOf = new HashMap<>();
    Instant asOf = Instant.now();
    List<List<String>> batchAccounts = new ArrayList<>();
    List<String> bodies = new ArrayList<>();
    for (int from = 0; from < n; from += options.batchSize) {
      List<String> chunk = accounts.subList(from, Math.min(n, from + options.batchSize));
      List<Snapshot> items = new ArrayList<>();
      for (int i = 0; i < chunk.size(); i++) {
        String kind = kinds.get(from + i);
        kindOf.put(chunk.get(i), kind);
        items.add(breaches.breach(chunk.get(i), kind, phase, asOf));
      }
      batchAccounts.add(chunk);
      bodies.add(ServiceClient.batchBody(items));
    }
    int batches = bodies.size();
    List<String> liquidating =
        accounts.stream().filter(a -> Breaches.LIQUIDATION.equals(kindOf.get(a))).toList();

    Map<String, Instant> stampAt = new ConcurrentHashMap<>();
    Map<String, Instant> seenAt = new ConcurrentHashMap<>();
    Set<String> seenAtAnswer = ConcurrentHashMap.newKeySet();
    Map<String, Instant> openedAt = new ConcurrentHashMap<>();
    Map<String, Instant> tradingOffAt = new ConcurrentHashMap<>();
    Map<String, Instant> taskOpenAt = new ConcurrentHashMap<>();
    Map<String, Instant> notifiedAt = new ConcurrentHashMap<>();
    Map<Integer, Integer> errors = new ConcurrentHashMap<>();
    AtomicInteger unexpected = new AtomicInteger();
    for (int i = 0; i < 2; i++) {
      reads[i].set(0);
      readNanos[i].set(0);
    }
    Instant[] sentAt = new Instant[batches];
    Instant[] answeredAt = new Instant[batches];
    Map<String, Instant> answeredOf = new ConcurrentHashMap<>();
    Map<String, String> callIdOf = new ConcurrentHashMap<>();

    ExecutorService senders = Executors.newFixedThreadPool(options.inFlight);
    ExecutorService checkers = Executors.newFixedThreadPool(4);
    CountDownLatch go = new CountDownLatch(1);
    AtomicInteger next = new AtomicInteger();
    List<Future<?>> workers = new ArrayList<>();
    for (int t = 0; t < options.inFlight; t++) {
      workers.add(
          senders.submit(
              () -> {
                go.await();
                for (int b = next.getAndIncrement(); b < batches; b = next.getAndIncrement()) {
                  List<String> chunk = batchAccounts.get(b);
                  sentAt[b] = Instant.now();
                  List<Answer> answers;
                  try {
                    answers = client.postBatch(bodies.get(b), chunk.size());
                  } catch (IOException e) {
                    // No answer at all (reset, timeout): every item counts as an error, status -1.
                    ShockBenchmark.log("batch %d got no answer: %s", b, e);
                    errors.merge(-1, chunk.size(), Integer::sum);
                    continue;
                  }
                  answeredAt[b] = Instant.now();
                  for (String account : chunk) {
                    answeredOf.put(account, answeredAt[b]);
                  }
                  for (int i = 0; i < chunk.size(); i++) {
                    Answer a = i < answers.size() ? answers.get(i) : new Answer(-1, null, null, "");
                    if (!a.accepted()) {
                      errors.merge(a.status(), 1, Integer::sum);
                      continue;
                    }
                    if (!kindOf.get(chunk.get(i)).equals(a.assessment())) {
                      unexpected.incrementAndGet();
                    }
                    if (a.marginCallId() != null) {
                      callIdOf.put(chunk.get(i), a.marginCallId());
                    }
                  }
                  // Right after the answer: which of the batch's accounts are restricted already?
                  checkers.submit(
                      () -> observe(chunk, callIdOf, stampAt, seenAt, seenAtAnswer, false));
                }
                return null;
              }));
    }

    // Notices created before the shock are not its own: the lower bound of the notices read.
    Instant goAt = Instant.now().minusSeconds(1);
    go.countDown();
    long deadline = System.nanoTime() + options.timeout.toNanos();
    boolean timedOut = false;
    Instant allOpenedSeen = null;
    Instant chainCaughtUp = null;
    int polls = 0;
    while (true) {
      boolean sent = workers.stream().allMatch(Future::isDone);
      observe(pending(accounts, stampAt), callIdOf, stampAt, seenAt, null, sent);
      // The audit records are read once every batch has answered: no workflow can have opened
      // before its batch's commit, and until then the reads would compete with the batches.
      if (sent && polls++ % 4 == 0) {
        // audit records every fourth poll: occurred_at is the figure; the poll only ends the wait.
        long t = System.nanoTime();
        sql.recorded("CALL_OPENED", pending(accounts, openedAt)).forEach(openedAt::putIfAbsent);
        // The first liquidation step of the immediate liquidations: only it sets TRADING_OFF
        // (since run V at ingestion, with the opening restrictions).
        sql.recorded("TRADING_OFF", pending(liquidating, tradingOffAt))
            .forEach(tradingOffAt::putIfAbsent);
        // Their workflows' progress: the operator task of the first manual step (close positions).
        sql.recorded("TASK_CREATED", pending(liquidating, taskOpenAt))
            .forEach(taskOpenAt::putIfAbsent);
        // The holders' notices (the call opened, or its liquidation started): bookkeeping the
        // service may hold back while workflows start, so read until each account has one.
        sql.notified(pending(accounts, notifiedAt), goAt).forEach(notifiedAt::putIfAbsent);
        counted(1, t);
      }
      if (chainCaughtUp == null && sent && sql.stagedAuditRecords(accounts) == 0) {
        // Every record of these accounts committed so far, ingestion's included, is chained.
        chainCaughtUp = Instant.now();
      }
      if (allOpenedSeen == null && openedAt.size() == n) {
        allOpenedSeen = Instant.now();
      }
      if (sent
          && stampAt.size() == n
          && openedAt.size() == n
          && tradingOffAt.size() == liquidating.size()
          && taskOpenAt.size() == liquidating.size()
          && notifiedAt.size() == n) {
        break;
      }
      if (System.nanoTime() > deadline) {
        timedOut = true;
        if (sent) {
          break;
        }
      }
      Thread.sleep(options.pollInterval.toMillis());
    }
    for (Future<?> worker : workers) {
      worker.get();
    }
    senders.shutdown();
    checkers.shutdown();
    checkers.awaitTermination(1, TimeUnit.MINUTES);

    Instant t0 = sentAt[0];
    for (Instant s : sentAt) {
      t0 = s.isBefore(t0) ? s : t0;
    }
    List<Double> answers = new ArrayList<>();
    for (Instant a : answeredAt) {
      if (a != null) {
        answers.add(Feeds.between(t0, a));
      }
    }
    return new Result(
        label,
        n,
        (int) kinds.stream().filter(Breaches.LIQUIDATION::equals).count(),
        batches,
        t0,
        answers,
        relative(t0, answeredOf),
        relative(t0, stampAt),
        relative(t0, seenAt),
        seenAtAnswer.size(),
        relative(t0, openedAt),
        allOpenedSeen == null ? null : Feeds.between(t0, allOpenedSeen),
        relative(t0, tradingOffAt),
        relative(t0, taskOpenAt),
        relative(t0, notifiedAt),
        chainCaughtUp == null ? null : Feeds.between(t0, chainCaughtUp),
        new HashMap<>(errors),
        unexpected.get(),
        reads[0].get(),
        readNanos[0].get() / 1e9,
        reads[1].get(),
        readNanos[1].get() / 1e9,
        timedOut,
        options.timeout);
  }

  /**
   * Reads the exchange side for {@code accounts}: the stamped time of each restricted one, and when
   * it was first seen restricted (the end of this read, an upper bound on when it was). {@code
   * atAnswer} collects the accounts found restricted by the read that follows their batch's answer.
   * An account whose call is not known yet (its batch has not answered) is only checked by a cheap
   * read, without its stamp, unless {@code allAnswered}: then its batch failed, and the stamp is
   * searched for.
   */
  private void observe(
      List<String> accounts,
      Map<String, String> callIdOf,
      Map<String, Instant> stampAt,
      Map<String, Instant> seenAt,
      Set<String> atAnswer,
      boolean allAnswered) {
    Map<String, String> known = new HashMap<>();
    List<String> unknown = new ArrayList<>();
    for (String account : accounts) {
      String call = callIdOf.get(account);
      if (call != null) {
        known.put(account, call);
      } else {
        unknown.add(account);
      }
    }
    long t = System.nanoTime();
    Map<String, Instant> found = new HashMap<>();
    if (!known.isEmpty()) {
      found.putAll(Feeds.call(() -> exchange.restrictedAtCalls(known)));
    }
    Set<String> seenOnly = Set.of();
    if (!unknown.isEmpty() && allAnswered) {
      found.putAll(Feeds.call(() -> exchange.restrictedAt(unknown)));
    } else if (!unknown.isEmpty()) {
      seenOnly = Feeds.call(() -> exchange.restrictedNow(unknown));
    }
    Instant seen = Instant.now();
    counted(0, t);
    for (String account : seenOnly) {
      seenAt.merge(account, seen, (a, b) -> a.isBefore(b) ? a : b);
    }
    found.forEach(
        (account, stamp) -> {
          stampAt.putIfAbsent(account, stamp);
          seenAt.merge(account, seen, (a, b) -> a.isBefore(b) ? a : b);
          if (atAnswer != null) {
            atAnswer.add(account);
          }
        });
  }

  /** Counts one read of the harness's and the time it took, to show what polling costs. */
  private void counted(int kind, long startedNanos) {
    reads[kind].incrementAndGet();
    readNanos[kind].addAndGet(System.nanoTime() - startedNanos);
  }

  private static List<String> pending(List<String> accounts, Map<String, Instant> done) {
    List<String> rest = new ArrayList<>();
    for (String a : accounts) {
      if (!done.containsKey(a)) {
        rest.add(a);
      }
    }
    return rest;
  }

  private static Map<String, Double> relative(Instant t0, Map<String, Instant> times) {
    Map<String, Double> out = new HashMap<>();
    times.forEach((k, v) -> out.put(k, Feeds.between(t0, v)));
    return out;
  }
}
