package org.margindesk.service;

import java.util.List;
import java.util.Optional;
import org.margindesk.audit.AuditRecord;
import org.margindesk.persistence.FacilityEntity;

/**
 * The port from risk ingestion to the margin-call lifecycle. Ingestion calls it inside its own
 * transaction while it holds the accounts' row locks, so two snapshots for one account can never
 * open two calls. The methods take lists: a batch of snapshots opens and steers all of its calls in
 * a few statements.
 */
public interface MarginCallLifecycle {

  /** A call to open: the account is in breach, locked by the caller, and has no open call. */
  record CallToOpen(FacilityEntity facility, AssessmentChange change) {}

  /**
   * What opening did for one account.
   *
   * @param callId null when the facility is not ACTIVE (no call opens)
   * @param restricted whether the opening restrictions are already done, in the caller's
   *     transaction (an exchange whose state lives in this database)
   * @param pending the restrictions still to send to a remote exchange once the caller's
   *     transaction has committed ({@link RestrictFirst#confirm}), or null
   */
  record OpenedCall(String callId, boolean restricted, RestrictFirst.Pending pending) {}

  /**
   * @param audit the records of the restrictions done in the transaction, for the caller to append
   *     with its own (one hold of the audit chain's lock per transaction)
   */
  record Openings(List<OpenedCall> calls, List<AuditRecord> audit) {}

  /** A change of assessment for an account whose call is open. */
  record Steering(String callId, AssessmentChange change) {}

  /**
   * Opens one call per entry, in order: writes the call, restricts the account (or prepares the
   * restriction for after the commit) and records the workflow start, which is made after the
   * commit.
   */
  Openings open(List<CallToOpen> calls);

  /** Tells open calls of changes of their account's assessment, in order, after the commit. */
  void steer(List<Steering> steerings);

  /**
   * Opens a call for a breach, or steers the open one; for callers outside ingestion (a call that
   * closed while its account was in breach). Appends its own audit records.
   *
   * @return the id of the call open for the account afterwards, if any
   */
  Optional<String> onAssessmentChanged(AssessmentChange change);

  /** The id of the account's open call, if any. Read-only. */
  Optional<String> openMarginCallId(String accountId);
}
