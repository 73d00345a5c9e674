package org.margindesk.bench.temporalfloor;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The least a margin call's workflow does as it opens: one local activity, then a wait on the
 * remedy window's timer. Only the Temporal floor benchmark runs it.
 */
@WorkflowInterface
public interface FloorWorkflow {
  @WorkflowMethod
  void run(String id);
}
