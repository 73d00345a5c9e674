package org.margindesk.bench.temporalfloor;

import io.temporal.activity.LocalActivityOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/** One local activity, then the 12-hour timer a margin call waits on; nothing else. */
public class FloorWorkflowImpl implements FloorWorkflow {
  private final FloorActivities activities =
      Workflow.newLocalActivityStub(
          FloorActivities.class,
          LocalActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(30)).build());

  @Override
  public void run(String id) {
    activities.opened(id);
    Workflow.sleep(Duration.ofHours(12));
  }
}
