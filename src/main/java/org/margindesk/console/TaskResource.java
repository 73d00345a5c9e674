package org.margindesk.console;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Validator;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import org.jboss.resteasy.reactive.RestForm;
import org.margindesk.domain.TaskStatus;
import org.margindesk.request.Requests;
import org.margindesk.request.TaskCompletionRequest;
import org.margindesk.request.TaskRejectionRequest;
import org.margindesk.security.Roles;
import org.margindesk.service.TaskQueries;
import org.margindesk.service.TaskService;
import org.margindesk.service.TaskView;

/**
 * The task inbox and one task's page: claim, release, complete with the evidence its type asks for,
 * and the four-eyes approval or rejection. The task rules decide every action; the page only leaves
 * out the buttons that cannot apply.
 */
@ConsolePage
@Path("/console/tasks")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Roles.OPERATOR)
public class TaskResource {
  private final TaskService tasks;
  private final Validator validator;
  private final TaskQueries queries;
  private final TaskInbox inbox;
  private final ConsoleResponses responses;
  private final Console me;
  private final Template inboxPage;
  private final Template taskPage;

  TaskResource(
      TaskService tasks,
      TaskQueries queries,
      TaskInbox inbox,
      ConsoleResponses responses,
      Console me,
      @Location("console/tasks.html") Template inboxPage,
      @Location("console/task.html") Template taskPage,
      Validator validator) {
    this.validator = validator;
    this.tasks = tasks;
    this.queries = queries;
    this.inbox = inbox;
    this.responses = responses;
    this.me = me;
    this.inboxPage = inboxPage;
    this.taskPage = taskPage;
  }

  @GET
  public TemplateInstance inbox(
      @QueryParam("view") String view, @QueryParam("notice") String notice) {
    TaskInbox.View chosen = TaskInbox.View.parse(view);
    return inboxPage
        .data("page", "tasks")
        .data("view", chosen.name())
        .data("views", TaskInbox.View.values())
        .data("rows", inbox.rows(chosen, me.subject()))
        .data("notice", DeskResource.blankToNull(notice));
  }

  @GET
  @Path("{id}")
  public TemplateInstance task(@PathParam("id") String id, @QueryParam("notice") String notice) {
    TaskView task = queries.find(id).orElseThrow(() -> new NotFoundException("no task " + id));
    return taskPage
        .data("page", "tasks")
        .data("task", task)
        .data("sla", inbox.sla(task))
        .data("notice", DeskResource.blankToNull(notice));
  }

  @POST
  @Path("{id}/claim")
  public Response claim(@PathParam("id") String id, @Context HttpHeaders headers) {
    return responses.act(
        headers, back(id), "Claimed: the task is yours", () -> tasks.claim(id, me.actor()));
  }

  @POST
  @Path("{id}/release")
  public Response release(@PathParam("id") String id, @Context HttpHeaders headers) {
    return responses.act(
        headers,
        back(id),
        "Released: the task is open again",
        () -> tasks.release(id, me.actor(), me.supervisor()));
  }

  /**
   * The evidence fields of every task type: closing order ids (comma-separated), a transfer
   * reference, or an exchange ticket; an exchange refusal also takes its resolution.
   */
  @POST
  @Path("{id}/complete")
  public Response complete(
      @PathParam("id") String id,
      @RestForm String note,
      @RestForm String closingOrderIds,
      @RestForm String transferReference,
      @RestForm String exchangeTicket,
      @RestForm String resolution,
      @Context HttpHeaders headers) {
    return responses.act(
        headers,
        () -> {
          ObjectNode evidence = FormJson.object();
          if (closingOrderIds != null && !closingOrderIds.isBlank()) {
            var ids = evidence.putArray("closingOrderIds");
            Arrays.stream(closingOrderIds.split("[,\\s]+"))
                .filter(s -> !s.isBlank())
                .forEach(ids::add);
          }
          FormJson.put(evidence, "transferReference", transferReference);
          FormJson.put(evidence, "exchangeTicket", exchangeTicket);
          TaskCompletionRequest completion =
              Requests.check(
                  validator,
                  new TaskCompletionRequest(
                      FormJson.given(note),
                      evidence.isEmpty() ? null : evidence,
                      FormJson.resolution(resolution)));
          TaskView done =
              tasks.complete(
                  id,
                  me.actor(),
                  completion.note(),
                  completion.evidenceJson(),
                  completion.resolution());
          return TaskStatus.AWAITING_APPROVAL.name().equals(done.status())
              ? "Completed: awaiting a second supervisor's approval"
              : "Completed: the task is " + done.status();
        },
        back(id));
  }

  @POST
  @Path("{id}/approve")
  @RolesAllowed(Roles.SUPERVISOR)
  public Response approve(@PathParam("id") String id, @Context HttpHeaders headers) {
    return responses.act(
        headers, back(id), "Approved: the task is done", () -> tasks.approve(id, me.actor()));
  }

  @POST
  @Path("{id}/reject")
  @RolesAllowed(Roles.SUPERVISOR)
  public Response reject(
      @PathParam("id") String id, @RestForm String reason, @Context HttpHeaders headers) {
    return responses.act(
        headers,
        back(id),
        "Rejected: the task is open again",
        () ->
            tasks.reject(
                id,
                me.actor(),
                Requests.check(validator, new TaskRejectionRequest(FormJson.given(reason)))
                    .reason()));
  }

  private static String back(String id) {
    return "/console/tasks/" + ConsoleResponses.encode(id);
  }
}
