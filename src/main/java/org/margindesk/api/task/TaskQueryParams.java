package org.margindesk.api.task;

import jakarta.ws.rs.QueryParam;
import java.util.Set;
import org.margindesk.domain.LiquidationStep;
import org.margindesk.domain.TaskStatus;
import org.margindesk.paging.ListQuery;
import org.margindesk.service.TaskFilter;
import org.margindesk.service.TaskPosition;

/**
 * The query string of {@code GET /api/v1/tasks}, checked field by field so one 400 names every bad
 * value.
 */
public class TaskQueryParams extends ListQuery {
  static final int MAX_ID_LENGTH = 200;

  /** One status or several separated by commas, e.g. {@code OPEN,CLAIMED}. */
  @QueryParam("status")
  String status;

  @QueryParam("type")
  String type;

  @QueryParam("marginCallId")
  String marginCallId;

  @QueryParam("accountId")
  String accountId;

  @QueryParam("assignee")
  String assignee;

  /** The checked query. */
  public record Checked(TaskFilter filter, int limit, TaskPosition after) {}

  public Checked check() {
    Set<TaskStatus> statuses = someOf("status", status, TaskStatus.class, "a task status");
    LiquidationStep step = oneOf("type", type, LiquidationStep.class, "a task type");
    String callId = text("marginCallId", marginCallId, MAX_ID_LENGTH);
    String account = text("accountId", accountId, MAX_ID_LENGTH);
    String holder = text("assignee", assignee, MAX_ID_LENGTH);
    int pageSize = pageSize();
    TaskPosition after = after(TaskPosition.CURSOR, 2, TaskPosition::of);
    refuseIfAnyError();
    return new Checked(new TaskFilter(statuses, step, callId, account, holder), pageSize, after);
  }
}
