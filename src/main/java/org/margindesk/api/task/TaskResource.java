package org.margindesk.api.task;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.margindesk.api.Callers;
import org.margindesk.api.problem.ApiException;
import org.margindesk.security.Roles;
import org.margindesk.service.Actor;
import org.margindesk.service.TaskPosition;
import org.margindesk.service.TaskService;
import org.margindesk.service.TaskView;

/**
 * Operator tasks of manual liquidation steps: list, claim, release, complete, and the four-eyes
 * approval or rejection of the tasks that need it. Each action answers with the task as it stands
 * afterwards.
 */
@Path("/api/v1/tasks")
@Produces(MediaType.APPLICATION_JSON)
public class TaskResource {
  private final TaskService tasks;
  private final SecurityIdentity identity;

  TaskResource(TaskService tasks, SecurityIdentity identity) {
    this.tasks = tasks;
    this.identity = identity;
  }

  @GET
  @RolesAllowed(Roles.OPERATOR)
  public TaskPage list(@BeanParam TaskQueryParams params) {
    TaskQueryParams.Checked query = params.check();
    // One row more than asked says whether another page exists without a count query.
    List<TaskView> rows = tasks.list(query.filter(), query.after(), query.limit() + 1);
    boolean more = rows.size() > query.limit();
    List<TaskView> shown = more ? rows.subList(0, query.limit()) : rows;
    TaskView last = shown.isEmpty() ? null : shown.get(shown.size() - 1);
    return new TaskPage(
        shown,
        more ? TaskQueryParams.cursorAfter(new TaskPosition(last.dueAt(), last.id())) : null);
  }

  @GET
  @Path("{id}")
  @RolesAllowed(Roles.OPERATOR)
  public TaskView get(@PathParam("id") String id) {
    return tasks.find(id).orElseThrow(() -> ApiException.notFound("No task '" + id + "'"));
  }

  @POST
  @Path("{id}/claim")
  @RolesAllowed(Roles.OPERATOR)
  public TaskView claim(@PathParam("id") String id) {
    return tasks.claim(id, actor());
  }

  @POST
  @Path("{id}/release")
  @RolesAllowed(Roles.OPERATOR)
  public TaskView release(@PathParam("id") String id) {
    return tasks.release(id, actor(), identity.hasRole(Roles.SUPERVISOR));
  }

  /** Body {@code {"note":"…","evidence":{…}}}, both optional. */
  @POST
  @Path("{id}/complete")
  @RolesAllowed(Roles.OPERATOR)
  public TaskView complete(@PathParam("id") String id, String body) {
    TaskRequests.Completion completion = TaskRequests.completion(body);
    return tasks.complete(id, actor(), completion.note(), completion.evidenceJson());
  }

  @POST
  @Path("{id}/approve")
  @RolesAllowed(Roles.SUPERVISOR)
  public TaskView approve(@PathParam("id") String id) {
    return tasks.approve(id, actor());
  }

  /** Body {@code {"reason":"…"}}. */
  @POST
  @Path("{id}/reject")
  @RolesAllowed(Roles.SUPERVISOR)
  public TaskView reject(@PathParam("id") String id, String body) {
    return tasks.reject(id, actor(), TaskRequests.rejectionReason(body));
  }

  private Actor actor() {
    return Callers.actor(identity);
  }
}
