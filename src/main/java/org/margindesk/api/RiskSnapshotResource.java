package org.margindesk.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.margindesk.api.problem.Problem;
import org.margindesk.api.problem.ProblemMappers;
import org.margindesk.api.problem.Unavailability;
import org.margindesk.api.request.RawSnapshotBodies;
import org.margindesk.config.MarginDeskConfig;
import org.margindesk.domain.Refusal;
import org.margindesk.ingest.ClockSkew;
import org.margindesk.ingest.JsonInput;
import org.margindesk.ingest.NativeSnapshotParser;
import org.margindesk.request.WhatIfRequest;
import org.margindesk.security.Roles;
import org.margindesk.service.Actor;
import org.margindesk.service.RiskIngestionService;
import org.margindesk.service.RiskIngestionService.Outcome;
import org.margindesk.service.SnapshotBatch;

/** The native risk feed: single snapshots, batches, and what-if evaluations. */
@Tag(
    name = "Risk ingestion",
    description = "Risk snapshots and exchange events from the feed, and what-if evaluations")
@Path("/api/v1/risk-snapshots")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RiskSnapshotResource {
  public static final int MAX_BATCH = RawSnapshotBodies.RiskSnapshotBatch.MAX_ITEMS;

  private final RiskIngestionService ingestion;
  private final SecurityIdentity identity;
  private final Clock clock;
  private final MarginDeskConfig config;

  RiskSnapshotResource(
      RiskIngestionService ingestion,
      SecurityIdentity identity,
      Clock clock,
      MarginDeskConfig config) {
    this.ingestion = ingestion;
    this.identity = identity;
    this.clock = clock;
    this.config = config;
  }

  /** Read per snapshot: a large batch takes a while, and the clock moves meanwhile. */
  private ClockSkew clockSkew() {
    return new ClockSkew(clock.instant(), config.ingest().maxClockSkew());
  }

  /** One batch item's answer: {@code result} when accepted, {@code problem} when refused. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record BatchItem(int index, String eventId, int status, Outcome result, Problem problem) {}

  public record BatchResult(int accepted, int failed, List<BatchItem> items) {}

  public record WhatIfAnswer(
      String assessment,
      List<org.margindesk.service.ReasonView> reasons,
      @Schema(nullable = true) String marginCallId,
      boolean duplicate,
      boolean stale,
      boolean assessmentWouldChange,
      String effect) {}

  @POST
  @RolesAllowed(Roles.FEED)
  @Operation(
      operationId = "ingestRiskSnapshot",
      summary = "Ingest one native risk snapshot",
      description =
          "Evaluates the snapshot against the account's Margin+ policy and applies "
              + "it: it may open, escalate or cure a margin call. A repeated eventId "
              + "answers \"duplicate\":true with the first answer and changes nothing; a "
              + "snapshot older than the latest applied one is kept as \"stale\" and "
              + "changes nothing. Role: feed.")
  @RequestBody(
      required = true,
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = RawSnapshotBodies.RiskSnapshot.class),
              examples =
                  @ExampleObject(
                      name = "below the minimum top-up balance",
                      value = OpenApiExamples.SNAPSHOT)))
  @APIResponse(
      responseCode = "202",
      description =
          "Applied (or recognised as a duplicate or stale); the assessment and the "
              + "rules that fired",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = Outcome.class),
              examples =
                  @ExampleObject(
                      name = "opens a margin call",
                      value = OpenApiExamples.SNAPSHOT_OUTCOME)))
  @APIResponse(responseCode = "404", ref = OpenApiDefinition.FACILITY_NOT_FOUND)
  @APIResponse(
      responseCode = "409",
      description = "The eventId was already used for another account",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              examples =
                  @ExampleObject(
                      name = "eventId reused",
                      value = OpenApiExamples.PROBLEM_EVENT_ID_REUSED)))
  @APIResponse(responseCode = "503", ref = OpenApiDefinition.INGESTION_UNAVAILABLE)
  public Response ingest(String body) {
    NativeSnapshotParser.NativeSnapshot snapshot =
        NativeSnapshotParser.parse(JsonInput.parse(body), false, clockSkew());
    return Response.accepted(ingestion.ingest(snapshot, Actor.of(identity))).build();
  }

  /**
   * The whole batch is applied in one transaction, item by item in request order, so one bad item
   * spoils only itself. The batch as a whole answers 200; each item carries its own status.
   */
  @POST
  @Path("/batch")
  @RolesAllowed(Roles.FEED)
  @Operation(
      operationId = "ingestRiskSnapshotBatch",
      summary = "Ingest a batch of native risk snapshots",
      description =
          "Up to 1,000 snapshots, applied together in request order, so one bad item "
              + "spoils only itself: it is answered with its own problem and changes "
              + "nothing. The batch answers 200; every item carries its own status (202, "
              + "400, 404, 409, 503) with its result or problem. Every breach in the batch "
              + "is restricted before the answer (\"restriction\": \"APPLIED\"), or "
              + "answered \"PENDING\" when the exchange did not confirm it. Role: feed.")
  @RequestBody(
      required = true,
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = RawSnapshotBodies.RiskSnapshotBatch.class),
              examples =
                  @ExampleObject(
                      name = "one good item, one bad",
                      value = OpenApiExamples.SNAPSHOT_BATCH)))
  @APIResponse(
      responseCode = "200",
      description = "Every item's answer, in request order",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = BatchResult.class),
              examples =
                  @ExampleObject(
                      name = "one accepted, one refused",
                      value = OpenApiExamples.SNAPSHOT_BATCH_RESULT)))
  public BatchResult batch(String body) {
    JsonNode root = JsonInput.parse(body);
    JsonNode items = root.isObject() ? root.get("items") : root;
    if (items == null || !items.isArray()) {
      throw Refusal.invalid(
          "The body must be {\"items\":[...]} or a JSON array of snapshots",
          List.of(new Refusal.FieldError("items", "must be an array of snapshots")));
    }
    if (items.isEmpty() || items.size() > MAX_BATCH) {
      throw Refusal.invalid(
          "A batch holds 1 to " + MAX_BATCH + " snapshots; this one has " + items.size(),
          List.of(new Refusal.FieldError("items", "must hold 1 to " + MAX_BATCH + " snapshots")));
    }
    Actor actor = Actor.of(identity);
    // Parsed one by one: a bad item is answered on its own and never reaches the transaction.
    BatchItem[] results = new BatchItem[items.size()];
    String[] eventIds = new String[items.size()];
    List<SnapshotBatch.Arrival> arrivals = new ArrayList<>();
    List<Integer> positions = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i);
      eventIds[i] =
          item.isObject() && item.path("eventId").isTextual() ? item.get("eventId").asText() : null;
      try {
        NativeSnapshotParser.NativeSnapshot snapshot =
            NativeSnapshotParser.parse(item, false, clockSkew());
        arrivals.add(new SnapshotBatch.Arrival(snapshot.accountId(), snapshot.snapshot()));
        positions.add(i);
      } catch (Refusal e) {
        Problem problem = ProblemMappers.problem(e);
        results[i] = new BatchItem(i, eventIds[i], problem.status(), null, problem);
      }
    }
    if (!arrivals.isEmpty()) {
      try {
        List<SnapshotBatch.Answer> answers = ingestion.ingestAll(arrivals, actor);
        for (int k = 0; k < answers.size(); k++) {
          int i = positions.get(k);
          SnapshotBatch.Answer answer = answers.get(k);
          results[i] =
              answer.refusal() == null
                  ? new BatchItem(i, eventIds[i], 202, answer.outcome(), null)
                  : refused(i, eventIds[i], ProblemMappers.problem(answer.refusal()));
        }
      } catch (RuntimeException e) {
        Optional<String> down = Unavailability.of(e);
        if (down.isEmpty()) {
          throw e;
        }
        for (int i : positions) {
          results[i] =
              new BatchItem(
                  i,
                  eventIds[i],
                  503,
                  null,
                  Problem.of(
                      503,
                      "Service Unavailable",
                      down.get() + " is unavailable; the item was not applied. Resend it."));
        }
      }
    }
    int accepted = 0;
    for (BatchItem result : results) {
      if (result.status() == 202) {
        accepted++;
      }
    }
    return new BatchResult(accepted, items.size() - accepted, List.of(results));
  }

  @POST
  @Path("/what-if")
  @RolesAllowed(Roles.VIEWER)
  @Operation(
      operationId = "whatIfRiskSnapshot",
      summary = "What would this snapshot do?",
      description =
          "The same evaluation as ingestion against the account's current state, "
              + "and what would happen, without storing or changing anything. eventId is "
              + "optional, asOf defaults to now. Role: viewer (operators and supervisors "
              + "too).")
  @RequestBody(
      required = true,
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = WhatIfRequest.class),
              examples =
                  @ExampleObject(
                      name = "collateral below the termination amount",
                      value = OpenApiExamples.WHAT_IF)))
  @APIResponse(
      responseCode = "200",
      description = "The assessment and its effect",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = WhatIfAnswer.class),
              examples =
                  @ExampleObject(
                      name = "would escalate to liquidation",
                      value = OpenApiExamples.WHAT_IF_ANSWER)))
  @APIResponse(responseCode = "404", ref = OpenApiDefinition.FACILITY_NOT_FOUND)
  public WhatIfAnswer whatIf(@Valid WhatIfRequest body) {
    RiskIngestionService.WhatIf answer = ingestion.whatIf(body.snapshot(clockSkew()));
    Outcome outcome = answer.outcome();
    return new WhatIfAnswer(
        outcome.assessment().name(),
        outcome.reasons(),
        outcome.marginCallId(),
        outcome.duplicate(),
        outcome.stale(),
        answer.assessmentWouldChange(),
        answer.effect());
  }

  private static BatchItem refused(int index, String eventId, Problem problem) {
    return new BatchItem(index, eventId, problem.status(), null, problem);
  }
}
