package org.margindesk.bench.temporalfloor;

import io.temporal.activity.ActivityInterface;

/** The floor workflow's one local activity: it records that the workflow ran, and nothing else. */
@ActivityInterface
public interface FloorActivities {
  void opened(String id);
}
