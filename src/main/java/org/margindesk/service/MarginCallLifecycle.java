package org.margindesk.service;

import java.util.Optional;

/**
 * The port from risk ingestion to the margin-call lifecycle. Ingestion calls it inside its own
 * transaction while it holds the account's row lock, so two snapshots for one account can never
 * open two calls.
 */
public interface MarginCallLifecycle {

  /**
   * Opens a call (HEALTHY to MARGIN_CALL or LIQUIDATION) or steers the open one (a cure or a hard
   * breach).
   *
   * @return the id of the call open for the account afterwards, if any
   */
  Optional<String> onAssessmentChanged(AssessmentChange change);

  /** The id of the account's open call, if any. Read-only. */
  Optional<String> openMarginCallId(String accountId);
}
