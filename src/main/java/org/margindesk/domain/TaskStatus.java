package org.margindesk.domain;

/**
 * Where an operator task stands. AWAITING_APPROVAL is only reached by a task type that needs a
 * second person ({@link TaskRules#needsApproval}).
 */
public enum TaskStatus {
  OPEN,
  CLAIMED,
  AWAITING_APPROVAL,
  DONE
}
