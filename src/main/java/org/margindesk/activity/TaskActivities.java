package org.margindesk.activity;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import org.margindesk.domain.TaskStatus;

/** Operator tasks for manual liquidation steps. */
@ActivityInterface
public interface TaskActivities {
  /**
   * Creates the task if it does not exist, after recording the step's start if the request carries
   * it; returns its status (OPEN or DONE).
   */
  @ActivityMethod
  TaskStatus openTask(TaskRequest request);

  /** Marks the task DONE with who completed it; a second completion changes nothing. */
  @ActivityMethod
  void completeTask(TaskDone done);
}
