package org.margindesk.activity;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Operator tasks for manual liquidation steps. */
@ActivityInterface
public interface TaskActivities {
  /** Creates the task if it does not exist; returns its status (OPEN or DONE). */
  @ActivityMethod
  String openTask(TaskRequest request);

  /** Marks the task DONE with who completed it; a second completion changes nothing. */
  @ActivityMethod
  void completeTask(TaskDone done);
}
