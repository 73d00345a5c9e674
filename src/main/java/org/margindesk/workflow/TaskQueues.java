package org.margindesk.workflow;

/** Every task-queue name the service polls or starts work on. */
public final class TaskQueues {
  /** Margin-call workflows and the activities they run. */
  public static final String MARGIN_CALLS = "margin-calls";

  private TaskQueues() {}
}
