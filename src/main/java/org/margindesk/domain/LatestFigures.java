package org.margindesk.domain;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * An account's latest CAB and MMR, each with the time it was observed. Staleness is per figure:
 * Binance's ACCOUNT_UPDATE carries only the CAB and MARGIN_CALL only the MMR, so an older event of
 * one kind must neither be discarded because of a newer figure of the other, nor overwrite a newer
 * figure of its own.
 *
 * @param cabAsOf when {@code cab} was observed; null when no CAB is known
 * @param mmrAsOf when {@code mmr} was observed; null when no MMR is known
 */
public record LatestFigures(BigDecimal cab, Instant cabAsOf, Ratio mmr, Instant mmrAsOf) {
  public static final LatestFigures NONE = new LatestFigures(null, null, null, null);

  /**
   * True when a snapshot observed at {@code asOf} would change nothing: each figure it carries is
   * older than the one already known. A snapshot without figures is judged by its time alone.
   */
  public boolean isStale(BigDecimal newCab, Ratio newMmr, Instant asOf) {
    if (newCab == null && newMmr == null) {
      Instant latest = latest();
      return latest != null && asOf.isBefore(latest);
    }
    boolean cabApplies = newCab != null && !isBefore(asOf, cabAsOf);
    boolean mmrApplies = newMmr != null && !isBefore(asOf, mmrAsOf);
    return !cabApplies && !mmrApplies;
  }

  /**
   * The figures after a snapshot observed at {@code asOf}; a figure older than the known one is
   * left out.
   */
  public LatestFigures after(BigDecimal newCab, Ratio newMmr, Instant asOf) {
    boolean cabApplies = newCab != null && !isBefore(asOf, cabAsOf);
    boolean mmrApplies = newMmr != null && !isBefore(asOf, mmrAsOf);
    return new LatestFigures(
        cabApplies ? newCab : cab,
        cabApplies ? asOf : cabAsOf,
        mmrApplies ? newMmr : mmr,
        mmrApplies ? asOf : mmrAsOf);
  }

  /** When the newest of the two figures was observed; null when neither is known. */
  public Instant latest() {
    if (cabAsOf == null) {
      return mmrAsOf;
    }
    return mmrAsOf == null || cabAsOf.isAfter(mmrAsOf) ? cabAsOf : mmrAsOf;
  }

  private static boolean isBefore(Instant asOf, Instant known) {
    return known != null && asOf.isBefore(known);
  }
}
