package org.margindesk.ingest;

/** Where a risk snapshot came from; stored with every snapshot in the history. */
public enum SnapshotSource {
  /** Our own feed: POST /api/v1/risk-snapshots. */
  NATIVE,
  /** A Binance user-data-stream event (MARGIN_CALL or ACCOUNT_UPDATE). */
  BINANCE
}
