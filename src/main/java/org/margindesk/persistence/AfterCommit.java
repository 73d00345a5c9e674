package org.margindesk.persistence;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

/** Work that must happen only if, and once, the current transaction commits. */
public final class AfterCommit {
  private AfterCommit() {}

  /**
   * Runs {@code action} after the current transaction commits, on the committing thread, or at once
   * when no transaction is active. Nothing runs after a rollback.
   */
  public static void run(TransactionSynchronizationRegistry transactions, Runnable action) {
    if (transactions.getTransactionStatus() != Status.STATUS_ACTIVE) {
      action.run();
      return;
    }
    transactions.registerInterposedSynchronization(
        new Synchronization() {
          @Override
          public void beforeCompletion() {}

          @Override
          public void afterCompletion(int status) {
            if (status == Status.STATUS_COMMITTED) {
              action.run();
            }
          }
        });
  }
}
