package org.margindesk.bench;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/** Where the benchmark reads the exchange-side restriction of an account. */
interface ExchangeSide {
  /**
   * Of {@code accounts}, those on which the exchange has both opening restrictions (reduce-only on,
   * withdrawals off), each with the later of the two times the exchange stamped on them.
   */
  Map<String, Instant> restrictedAt(Collection<String> accounts) throws Exception;

  /**
   * The same for accounts whose margin call id is known (from the ingestion's answer): a lookup of
   * the opening restrictions' idempotency keys, {@code <callId>:open:reduce-only-on} and {@code
   * <callId>:open:withdrawals-off}, cheaper than {@link #restrictedAt(Collection)}.
   */
  Map<String, Instant> restrictedAtCalls(Map<String, String> callIdByAccount) throws Exception;

  /**
   * Of {@code accounts}, those restricted now (reduce-only on, withdrawals off), without their
   * times: a read cheap enough to repeat while the shock's batches are still in flight, so the
   * harness does not compete with them for the machine.
   */
  Set<String> restrictedNow(Collection<String> accounts) throws Exception;

  /** The stamped time's short name, for the report's rows. */
  String stampName();

  /** What the stamped time is, for the report. */
  String stampMeaning();
}
