package org.margindesk.activity;

import java.time.Instant;
import java.util.Optional;
import org.margindesk.persistence.AccountRiskEntity;

/**
 * What a call that closes CURED or WAIVED asks of the desk: the account's lock, then a new call if
 * the account is still in breach. An interface here, implemented by the service layer, because
 * opening a call starts a workflow, and the activities must not depend on the code that starts
 * workflows.
 */
public interface AccountBreachCheck {
  /**
   * Takes the account's risk row lock for the rest of the caller's transaction, in ingestion's
   * order (the account before any of its calls).
   */
  AccountRiskEntity lock(String accountId);

  /**
   * Opens a call if the account's latest assessment is in breach and none is open; the caller holds
   * the account's lock.
   *
   * @param appliedAfter only a snapshot applied after this counts, or any when null
   * @return the id of the call opened
   */
  Optional<String> openIfStillInBreach(String accountId, Instant appliedAfter);
}
