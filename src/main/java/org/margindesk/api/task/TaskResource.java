package org.margindesk.api.task;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.margindesk.api.OpenApiDefinition;
import org.margindesk.api.OpenApiExamples;
import org.margindesk.api.problem.Problem;
import org.margindesk.domain.Refusal;
import org.margindesk.paging.Page;
import org.margindesk.request.TaskCompletionRequest;
import org.margindesk.request.TaskRejectionRequest;
import org.margindesk.security.Roles;
import org.margindesk.service.Actor;
import org.margindesk.service.TaskPosition;
import org.margindesk.service.TaskQueries;
import org.margindesk.service.TaskService;
import org.margindesk.service.TaskView;

/**
 * Operator tasks of manual liquidation steps: list, claim, release, complete, and the four-eyes
 * approval or rejection of the tasks that need it. Each action answers with the task as it stands
 * afterwards.
 */
@Tag(name = "Tasks", description = "Operator tasks of manual liquidation steps")
@Path("/api/v1/tasks")
@Produces(MediaType.APPLICATION_JSON)
public class TaskResource {
  private final TaskService tasks;
  private final TaskQueries queries;
  private final SecurityIdentity identity;

  TaskResource(TaskService tasks, TaskQueries queries, SecurityIdentity identity) {
    this.tasks = tasks;
    this.queries = queries;
    this.identity = identity;
  }

  @GET
  @RolesAllowed(Roles.OPERATOR)
  @Operation(
      operationId = "listTasks",
      summary = "List operator tasks",
      description =
          "Most urgent (earliest dueAt) first; filters combine: status (one or "
              + "several, comma-separated), type, marginCallId, accountId, assignee; "
              + "limit and cursor. Role: operator (supervisors too).")
  @APIResponse(
      responseCode = "200",
      description = "A page of tasks; nextCursor is null on the last page",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = TaskPage.class),
              examples =
                  @ExampleObject(name = "one claimed task", value = OpenApiExamples.TASK_PAGE)))
  public Page<TaskView> list(@BeanParam TaskQueryParams params) {
    TaskQueryParams.Checked query = params.check();
    List<TaskView> rows =
        queries.list(query.filter(), query.after(), Page.fetchSize(query.limit()));
    return Page.of(
        rows,
        query.limit(),
        task -> task,
        last -> new TaskPosition(last.dueAt(), last.id()).cursor());
  }

  @GET
  @Path("{id}")
  @RolesAllowed(Roles.OPERATOR)
  @Operation(
      operationId = "getTask",
      summary = "One task with its history",
      description =
          "The task and its latest events from the audit trail, oldest first. Role:"
              + " operator (supervisors too).")
  @APIResponse(
      responseCode = "200",
      description = "The task",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = TaskView.class),
              examples =
                  @ExampleObject(name = "claimed", value = OpenApiExamples.TASK_WITH_HISTORY)))
  @APIResponse(responseCode = "404", ref = OpenApiDefinition.TASK_NOT_FOUND)
  public TaskView get(@PathParam("id") String id) {
    return queries.find(id).orElseThrow(() -> Refusal.notFound("No task '" + id + "'"));
  }

  @POST
  @Path("{id}/claim")
  @RolesAllowed(Roles.OPERATOR)
  @Operation(
      operationId = "claimTask",
      summary = "Claim a task",
      description =
          "OPEN to CLAIMED by the caller; claiming again as the holder answers 200 "
              + "unchanged. Role: operator (supervisors too).")
  @APIResponse(
      responseCode = "200",
      description = "The task, claimed by the caller",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = TaskView.class),
              examples = @ExampleObject(name = "claimed", value = OpenApiExamples.TASK)))
  @APIResponse(responseCode = "404", ref = OpenApiDefinition.TASK_NOT_FOUND)
  @APIResponse(
      responseCode = "409",
      description = "Someone else holds the task, or it is done",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              examples =
                  @ExampleObject(
                      name = "held by another operator",
                      value = OpenApiExamples.PROBLEM_TASK_HELD)))
  public TaskView claim(@PathParam("id") String id) {
    return tasks.claim(id, actor());
  }

  @POST
  @Path("{id}/release")
  @RolesAllowed(Roles.OPERATOR)
  @Operation(
      operationId = "releaseTask",
      summary = "Release a claimed task",
      description =
          "CLAIMED back to OPEN with no holder, by the holder or a supervisor. "
              + "Role: operator (supervisors too).")
  @APIResponse(
      responseCode = "200",
      description = "The task, open again",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = TaskView.class)))
  @APIResponse(
      responseCode = "403",
      description =
          "Neither the holder nor a supervisor (problem+json), or the caller lacks "
              + "the operator role (no body)")
  @APIResponse(responseCode = "404", ref = OpenApiDefinition.TASK_NOT_FOUND)
  @APIResponse(
      responseCode = "409",
      description =
          "The task is awaiting approval or done (releasing an open task answers 200 unchanged)")
  public TaskView release(@PathParam("id") String id) {
    return tasks.release(id, actor(), identity.hasRole(Roles.SUPERVISOR));
  }

  /**
   * Body {@code {"note":"…","evidence":{…},"resolution":"…"}}, all optional but the resolution of
   * an EXCHANGE_REFUSED task.
   */
  @POST
  @Path("{id}/complete")
  @RolesAllowed(Roles.OPERATOR)
  @Operation(
      operationId = "completeTask",
      summary = "Complete a task",
      description =
          "By the holder, with an optional note and evidence object: DONE through "
              + "the call's workflow, or AWAITING_APPROVAL for RECLAIM_MARGIN_PLUS_FUNDS "
              + "(four-eyes). The body is optional, except for EXCHANGE_REFUSED tasks:"
              + " resolution RETRY (the call sends the refused request again) or DONE_BY_HAND"
              + " (done at the exchange by hand; evidence required)."
              + " Role: operator (supervisors too).")
  @RequestBody(
      required = false,
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = TaskCompletionRequest.class),
              examples =
                  @ExampleObject(
                      name = "positions closed",
                      value = OpenApiExamples.TASK_COMPLETION)))
  @APIResponse(
      responseCode = "200",
      description = "The task, DONE or AWAITING_APPROVAL",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = TaskView.class),
              examples = @ExampleObject(name = "done", value = OpenApiExamples.TASK_DONE)))
  @APIResponse(
      responseCode = "403",
      description =
          "The caller does not hold the task (problem+json), or lacks the operator "
              + "role (no body)")
  @APIResponse(responseCode = "404", ref = OpenApiDefinition.TASK_NOT_FOUND)
  @APIResponse(
      responseCode = "409",
      description = "The task is not claimed, or the workflow refused the step")
  @APIResponse(responseCode = "503", ref = OpenApiDefinition.WORKFLOW_UNAVAILABLE)
  public TaskView complete(@PathParam("id") String id, @Valid TaskCompletionRequest body) {
    TaskCompletionRequest completion = body == null ? TaskCompletionRequest.EMPTY : body;
    return tasks.complete(
        id, actor(), completion.note(), completion.evidenceJson(), completion.resolution());
  }

  @POST
  @Path("{id}/approve")
  @RolesAllowed(Roles.SUPERVISOR)
  @Operation(
      operationId = "approveTask",
      summary = "Approve a completed task (four-eyes)",
      description =
          "A supervisor other than the completer approves a task AWAITING_APPROVAL:"
              + " DONE, and the workflow moves on. Role: supervisor.")
  @APIResponse(
      responseCode = "200",
      description = "The task, DONE",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = TaskView.class)))
  @APIResponse(
      responseCode = "403",
      description =
          "The completer cannot approve their own work (problem+json), or the "
              + "caller lacks the supervisor role (no body)",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              examples =
                  @ExampleObject(
                      name = "self-approval",
                      value = OpenApiExamples.PROBLEM_TASK_FOUR_EYES)))
  @APIResponse(responseCode = "404", ref = OpenApiDefinition.TASK_NOT_FOUND)
  @APIResponse(responseCode = "409", ref = OpenApiDefinition.TASK_NOT_AWAITING_APPROVAL)
  @APIResponse(responseCode = "503", ref = OpenApiDefinition.WORKFLOW_UNAVAILABLE)
  public TaskView approve(@PathParam("id") String id) {
    return tasks.approve(id, actor());
  }

  /** Body {@code {"reason":"…"}}. */
  @POST
  @Path("{id}/reject")
  @RolesAllowed(Roles.SUPERVISOR)
  @Operation(
      operationId = "rejectTask",
      summary = "Reject a completed task (four-eyes)",
      description =
          "A supervisor other than the completer sends a task AWAITING_APPROVAL "
              + "back to OPEN with no holder. The reason is required. Role: supervisor.")
  @RequestBody(
      required = true,
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = TaskRejectionRequest.class),
              examples =
                  @ExampleObject(name = "wrong reference", value = OpenApiExamples.TASK_REJECTION)))
  @APIResponse(
      responseCode = "200",
      description = "The task, open again",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = TaskView.class)))
  @APIResponse(
      responseCode = "403",
      description =
          "The completer cannot reject their own work (problem+json), or the caller"
              + " lacks the supervisor role (no body)")
  @APIResponse(responseCode = "404", ref = OpenApiDefinition.TASK_NOT_FOUND)
  @APIResponse(responseCode = "409", ref = OpenApiDefinition.TASK_NOT_AWAITING_APPROVAL)
  public TaskView reject(@PathParam("id") String id, @Valid TaskRejectionRequest body) {
    return tasks.reject(id, actor(), body.reason());
  }

  private Actor actor() {
    return Actor.of(identity);
  }

  /**
   * The shape of a page of tasks, for the document only: the scanner does not read a schema from
   * the generic {@code Page<TaskView>} the list returns.
   */
  @Schema(name = "TaskPage")
  record TaskPage(List<TaskView> items, @Schema(nullable = true) String nextCursor) {}
}
