package org.margindesk.bench;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.margindesk.bench.ServiceClient.Snapshot;

/**
 * The benchmark's accounts and snapshots. Every facility has M+ 10,000.00 USDT: a margin call below
 * 12,500 (125%), a liquidation below 11,000 (110%); the MMR sent is always 50, far from both MMR
 * levels (10 and 5), so the collateral balance alone decides.
 */
final class Breaches {
  static final BigDecimal MARGIN_PLUS = new BigDecimal("10000.00");
  static final BigDecimal MMR = new BigDecimal("50.00");
  static final String MARGIN_CALL = "MARGIN_CALL";
  static final String LIQUIDATION = "LIQUIDATION";

  private final String run;
  private final Random random;

  Breaches(String run, long seed) {
    this.run = run;
    this.random = new Random(seed);
  }

  String run() {
    return run;
  }

  String account(int n) {
    return "bench-" + run + "-" + n;
  }

  /** CAB between 20,000.00 and 20,999.99: 200% of M+ and more. */
  Snapshot healthy(String account, String phase, Instant asOf) {
    return snapshot(account, phase, asOf, cents(2_000_000, 100_000));
  }

  /**
   * A breach of the given kind: a margin call with CAB in [11,000.01, 12,499.99], or an immediate
   * liquidation with CAB in [9,000.00, 10,999.99].
   */
  Snapshot breach(String account, String kind, String phase, Instant asOf) {
    BigDecimal cab = kind.equals(MARGIN_CALL) ? cents(1_100_001, 149_999) : cents(900_000, 200_000);
    return snapshot(account, phase, asOf, cab);
  }

  /** The kinds of {@code size} breaches: round(share × size) liquidations, shuffled. */
  List<String> mix(int size, double liquidationShare) {
    int liquidations = (int) Math.round(size * liquidationShare);
    List<String> kinds = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      kinds.add(i < liquidations ? LIQUIDATION : MARGIN_CALL);
    }
    Collections.shuffle(kinds, random);
    return kinds;
  }

  private Snapshot snapshot(String account, String phase, Instant asOf, BigDecimal cab) {
    return new Snapshot(run + "-" + phase + "-" + account, account, asOf, cab, MMR);
  }

  /** {@code from} plus a random number of cents below {@code spread}, as an amount. */
  private synchronized BigDecimal cents(long from, int spread) {
    return BigDecimal.valueOf(from + random.nextInt(spread), 2);
  }
}
