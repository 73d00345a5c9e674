package org.margindesk.bench;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A steady feed for a long time (scripts/soak.sh): {@code rate} snapshots a second in batches, a
 * share of them breaches and the next snapshot of a breached account a cure, and every window (5
 * minutes by default) a row of what a slow leak or a slow query would show first: batch latency,
 * the heap's floor (the lowest of the samples taken every 5 s, which is what survives garbage
 * collection), the live heap after a full collection (with {@code --service-pid}, through {@link
 * LiveHeap}, and at the end the classes that grew most), GC time, open calls, and how often the
 * feed fell behind its schedule. Prints; asserts nothing but that the service accepted every
 * snapshot.
 */
public final class SoakRun {
  private static final BigDecimal MARGIN_PLUS = new BigDecimal("10000.00");
  private static final BigDecimal HEALTHY_CAB = new BigDecimal("20000.00");
  private static final BigDecimal BREACH_CAB = new BigDecimal("12000.00");
  private static final BigDecimal HEALTHY_MMR = new BigDecimal("20");
  private static final BigDecimal BREACH_MMR = new BigDecimal("9");
  private static final int IN_FLIGHT = 8;

  private final ServiceClient client;
  private final int accounts;
  private final int rate;
  private final int batch;
  private final double breachShare;
  private final Duration length;
  private final Duration window;
  private final Random random = new Random(15);
  private final Set<Integer> breached = ConcurrentHashMap.newKeySet();
  private final Map<Integer, Instant> lastAsOf = new ConcurrentHashMap<>();
  private final List<SoakWindow> windows = new ArrayList<>();
  private final Long servicePid;
  private final ExecutorService histograms = Executors.newSingleThreadExecutor();
  private long sequence;

  private SoakRun(
      String base,
      int accounts,
      int rate,
      int batch,
      double breachShare,
      Duration length,
      Duration window,
      Long servicePid) {
    this.servicePid = servicePid;
    this.client = new ServiceClient(base);
    this.accounts = accounts;
    this.rate = rate;
    this.batch = batch;
    this.breachShare = breachShare;
    this.length = length;
    this.window = window;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = SoakWindow.options(args);
    SoakRun run =
        new SoakRun(
            options.getOrDefault("base-url", "http://127.0.0.1:18095"),
            Integer.parseInt(options.getOrDefault("accounts", "2000")),
            Integer.parseInt(options.getOrDefault("rate", "1000")),
            Integer.parseInt(options.getOrDefault("batch", "100")),
            Double.parseDouble(options.getOrDefault("breach-share", "0.01")),
            Duration.ofMinutes(Long.parseLong(options.getOrDefault("minutes", "30"))),
            Duration.ofSeconds(Long.parseLong(options.getOrDefault("window-seconds", "300"))),
            options.containsKey("service-pid") ? Long.valueOf(options.get("service-pid")) : null);
    Path out = Path.of(options.getOrDefault("out", "target/soak"));
    Files.createDirectories(out);
    boolean clean = run.run();
    Files.writeString(out.resolve("soak.tsv"), SoakWindow.tsv(run.windows));
    System.out.println(SoakWindow.table(run.windows));
    System.out.println(SoakWindow.verdict(run.windows));
    System.exit(clean ? 0 : 1);
  }

  private boolean run() throws Exception {
    client.waitReady(Duration.ofMinutes(2));
    System.out.printf(
        Locale.ROOT,
        "registering %d facilities; then %d snapshots/s in batches of %d, %.1f%% breaches, for %s%n",
        accounts,
        rate,
        batch,
        breachShare * 100,
        length);
    ServiceClient.parallel(
        16,
        accounts,
        i -> {
          int status = Feeds.call(() -> client.putFacility(account(i), MARGIN_PLUS));
          if (status != 201 && status != 200) {
            throw new IllegalStateException("facility " + account(i) + " answered " + status);
          }
        });
    ExecutorService senders = Executors.newFixedThreadPool(IN_FLIGHT);
    Semaphore slots = new Semaphore(IN_FLIGHT);
    long tickNanos = TimeUnit.SECONDS.toNanos(1) * batch / rate;
    long start = System.nanoTime();
    long end = start + length.toNanos();
    long nextSample = start;
    SoakWindow current = new SoakWindow(0);
    boolean clean = true;
    // Wall-clock bound: a feed that falls behind does not catch up later; the ticks it could not
    // send on time are counted as "behind", and the accepted count shows the rate it reached.
    for (long tick = start; tick < end && System.nanoTime() < end; tick += tickNanos) {
      long now = System.nanoTime();
      if (now >= nextSample) {
        current.sample(ServiceMetrics.parse(client.metrics()));
        nextSample += TimeUnit.SECONDS.toNanos(5);
      }
      if (now - start >= window.toNanos() * (windows.size() + 1)) {
        clean &= current.clean();
        close(current);
        current = new SoakWindow(windows.size());
      }
      if (tick > now) {
        TimeUnit.NANOSECONDS.sleep(tick - now);
      } else if (now - tick > tickNanos) {
        current.behind();
      }
      List<ServiceClient.Snapshot> items = nextBatch();
      String body = ServiceClient.batchBody(items);
      SoakWindow into = current;
      slots.acquire();
      senders.execute(
          () -> {
            long sent = System.nanoTime();
            try {
              List<ServiceClient.Answer> answers = client.postBatch(body, items.size());
              into.answered(System.nanoTime() - sent, answers);
            } catch (IOException | RuntimeException e) {
              into.failed(e);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            } finally {
              slots.release();
            }
          });
    }
    senders.shutdown();
    senders.awaitTermination(2, TimeUnit.MINUTES);
    current.sample(ServiceMetrics.parse(client.metrics()));
    clean &= current.clean();
    close(current);
    histograms.shutdown();
    histograms.awaitTermination(5, TimeUnit.MINUTES);
    return clean;
  }

  /** Keeps the window, takes the live heap (if the service's pid is known) and prints its row. */
  private void close(SoakWindow closed) {
    int index = windows.size();
    windows.add(closed);
    histograms.execute(
        () -> {
          if (servicePid != null) {
            try {
              closed.live(LiveHeap.of(servicePid));
            } catch (IOException e) {
              System.out.println("no live heap for window " + index + ": " + e);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          System.out.println(closed.line());
        });
  }

  /** The next batch: breaches at the share asked, and each breached account's next one a cure. */
  private List<ServiceClient.Snapshot> nextBatch() {
    List<ServiceClient.Snapshot> items = new ArrayList<>(batch);
    Set<Integer> inBatch = new java.util.HashSet<>();
    while (items.size() < batch) {
      int n = random.nextInt(accounts);
      if (!inBatch.add(n)) {
        continue; // one snapshot per account and batch, so their order within it never matters
      }
      boolean breach = !breached.contains(n) && random.nextDouble() < breachShare;
      if (breach) {
        breached.add(n);
      } else {
        breached.remove(n);
      }
      items.add(
          new ServiceClient.Snapshot(
              "soak-" + sequence++,
              account(n),
              asOf(n),
              breach ? BREACH_CAB : HEALTHY_CAB,
              breach ? BREACH_MMR : HEALTHY_MMR));
    }
    return items;
  }

  /** Now, and always later than the account's previous snapshot, which would otherwise be stale. */
  private Instant asOf(int n) {
    Instant now = Instant.now();
    Instant previous = lastAsOf.get(n);
    Instant next = previous != null && !now.isAfter(previous) ? previous.plusMillis(1) : now;
    lastAsOf.put(n, next);
    return next;
  }

  private static String account(int n) {
    return String.format(Locale.ROOT, "soak-%06d", n);
  }
}
