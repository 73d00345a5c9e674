package org.margindesk.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.margindesk.bench.ServiceClient.Answer;
import org.margindesk.bench.ServiceClient.Snapshot;
import org.margindesk.bench.Stats.Summary;

/** The phases before the shock: registration, the healthy feeds, and single quiet breaches. */
final class Feeds {
  /** A throughput phase: items sent, how long, and the answers that were not 202 (by status). */
  record Throughput(int items, Duration took, Map<Integer, Integer> errors) {
    double perSecond() {
      return items / Stats.seconds(took);
    }

    int errorCount() {
      return errors.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  /** Single breaches one at a time: latencies in seconds from just before each POST. */
  record Quiet(
      int count,
      Summary answer,
      Summary stamped,
      Summary observed,
      int errors,
      int unexpected,
      int notRestricted) {}

  private final BenchOptions options;
  private final ServiceClient client;
  private final Breaches breaches;
  private final ExchangeSide exchange;

  Feeds(BenchOptions options, ServiceClient client, Breaches breaches, ExchangeSide exchange) {
    this.options = options;
    this.client = client;
    this.breaches = breaches;
    this.exchange = exchange;
  }

  /** PUT a facility for accounts 0..n-1 from several clients; every one must answer 201. */
  Throughput register(int n) throws InterruptedException {
    Map<Integer, Integer> errors = new ConcurrentHashMap<>();
    long started = System.nanoTime();
    ServiceClient.parallel(
        options.registerClients,
        n,
        i -> {
          int status = call(() -> client.putFacility(breaches.account(i), Breaches.MARGIN_PLUS));
          if (status != 201) {
            errors.merge(status, 1, Integer::sum);
          }
        });
    Throughput result = new Throughput(n, Duration.ofNanos(System.nanoTime() - started), errors);
    if (!errors.isEmpty()) {
      throw new IllegalStateException("facility registration failed: " + errors);
    }
    return result;
  }

  /**
   * One healthy snapshot per account through the batch endpoint, several requests in flight; each
   * round's snapshots are newer than the last round's, so every one is applied.
   */
  Throughput healthyBatches(int n, int round) throws InterruptedException {
    Instant asOf = Instant.now();
    List<String> bodies = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    for (int from = 0; from < n; from += options.batchSize) {
      List<Snapshot> items = new ArrayList<>();
      for (int i = from; i < Math.min(n, from + options.batchSize); i++) {
        items.add(breaches.healthy(breaches.account(i), "hb" + round, asOf));
      }
      bodies.add(ServiceClient.batchBody(items));
      sizes.add(items.size());
    }
    Map<Integer, Integer> errors = new ConcurrentHashMap<>();
    long started = System.nanoTime();
    ServiceClient.parallel(
        options.inFlight,
        bodies.size(),
        b -> {
          for (Answer a : call(() -> client.postBatch(bodies.get(b), sizes.get(b)))) {
            if (!a.accepted()) {
              errors.merge(a.status(), 1, Integer::sum);
            }
          }
        });
    return new Throughput(n, Duration.ofNanos(System.nanoTime() - started), errors);
  }

  /** One healthy snapshot per account as single POSTs from several clients, a round of them. */
  Throughput healthySingles(int n, int round) throws InterruptedException {
    Instant asOf = Instant.now();
    List<Snapshot> snapshots = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      snapshots.add(breaches.healthy(breaches.account(i), "hs" + round, asOf));
    }
    Map<Integer, Integer> errors = new ConcurrentHashMap<>();
    long started = System.nanoTime();
    ServiceClient.parallel(
        options.singleClients,
        n,
        i -> {
          Answer a = call(() -> client.postSingle(snapshots.get(i)));
          if (!a.accepted()) {
            errors.merge(a.status(), 1, Integer::sum);
          }
        });
    return new Throughput(n, Duration.ofNanos(System.nanoTime() - started), errors);
  }

  /**
   * Breaches of accounts {@code first..first+count-1}, one at a time: each POST, then polling the
   * exchange side every 5 ms until the account is restricted (or 30 s), before the next.
   */
  Quiet quiet(int first, int count, String phase) throws Exception {
    List<String> kinds = breaches.mix(count, options.liquidationShare);
    List<Double> answer = new ArrayList<>();
    List<Double> stamped = new ArrayList<>();
    List<Double> observed = new ArrayList<>();
    int errors = 0;
    int unexpected = 0;
    int notRestricted = 0;
    for (int i = 0; i < count; i++) {
      String account = breaches.account(first + i);
      Snapshot breach = breaches.breach(account, kinds.get(i), phase, Instant.now());
      Instant sent = Instant.now();
      long t = System.nanoTime();
      Answer a = client.postSingle(breach);
      answer.add((System.nanoTime() - t) / 1e9);
      if (!a.accepted()) {
        errors++;
        continue;
      }
      if (!kinds.get(i).equals(a.assessment())) {
        unexpected++;
      }
      long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      Instant at = null;
      while (at == null && System.nanoTime() < end) {
        at =
            a.marginCallId() == null
                ? exchange.restrictedAt(List.of(account)).get(account)
                : exchange.restrictedAtCalls(Map.of(account, a.marginCallId())).get(account);
        if (at == null) {
          Thread.sleep(5);
        }
      }
      if (at == null) {
        notRestricted++;
        continue;
      }
      Instant seen = Instant.now();
      stamped.add(between(sent, at));
      observed.add(between(sent, seen));
    }
    return new Quiet(
        count,
        Stats.of(answer),
        Stats.of(stamped),
        Stats.of(observed),
        errors,
        unexpected,
        notRestricted);
  }

  static double between(Instant from, Instant to) {
    return Duration.between(from, to).toNanos() / 1e9;
  }

  interface Call<T> {
    T run() throws Exception;
  }

  /** Runs a client call on a worker thread, turning its checked failure into a runtime one. */
  static <T> T call(Call<T> call) {
    try {
      return call.run();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
