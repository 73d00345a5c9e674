package org.margindesk.domain;

import java.util.List;

/** The assessment and every rule that fired, worst first. */
public record PolicyEvaluation(Assessment assessment, List<PolicyReason> reasons) {
  public PolicyEvaluation {
    reasons = List.copyOf(reasons);
  }
}
