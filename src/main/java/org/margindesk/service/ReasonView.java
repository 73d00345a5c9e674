package org.margindesk.service;

import org.margindesk.domain.Money;
import org.margindesk.domain.PolicyReason;

/** A policy reason as the API and the snapshot history show it; numbers are decimal strings. */
public record ReasonView(
    String rule, String outcome, String threshold, String value, String message) {
  public static ReasonView of(PolicyReason reason) {
    return new ReasonView(
        reason.rule().name(),
        reason.outcome().name(),
        Money.plain(reason.threshold()),
        Money.plain(reason.value()),
        reason.describe());
  }
}
