package org.margindesk.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
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
import org.jboss.logging.Logger;
import org.margindesk.api.problem.ApiException;
import org.margindesk.api.problem.Problem;
import org.margindesk.api.problem.Unavailability;
import org.margindesk.ingest.JsonInput;
import org.margindesk.ingest.NativeSnapshotParser;
import org.margindesk.security.Roles;
import org.margindesk.service.Actor;
import org.margindesk.service.RiskIngestionService;
import org.margindesk.service.RiskIngestionService.Outcome;

/** The native risk feed: single snapshots, batches, and what-if evaluations. */
@Path("/api/v1/risk-snapshots")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RiskSnapshotResource {
  public static final int MAX_BATCH = 1000;
  private static final Logger LOG = Logger.getLogger(RiskSnapshotResource.class);

  private final RiskIngestionService ingestion;
  private final SecurityIdentity identity;
  private final Clock clock;

  RiskSnapshotResource(RiskIngestionService ingestion, SecurityIdentity identity, Clock clock) {
    this.ingestion = ingestion;
    this.identity = identity;
    this.clock = clock;
  }

  /** One batch item's answer: {@code result} when accepted, {@code problem} when refused. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record BatchItem(int index, String eventId, int status, Outcome result, Problem problem) {}

  public record BatchResult(int accepted, int failed, List<BatchItem> items) {}

  public record WhatIfAnswer(
      String assessment,
      List<org.margindesk.service.ReasonView> reasons,
      String marginCallId,
      boolean duplicate,
      boolean stale,
      boolean assessmentWouldChange,
      String effect) {}

  @POST
  @RolesAllowed(Roles.FEED)
  public Response ingest(String body) {
    NativeSnapshotParser.NativeSnapshot snapshot =
        NativeSnapshotParser.parse(JsonInput.parse(body), false, clock.instant());
    return Response.accepted(ingestion.ingest(snapshot, Callers.actor(identity))).build();
  }

  /**
   * Each item is applied in its own transaction, in request order, so one bad item spoils only
   * itself. The batch as a whole answers 200; each item carries its own status.
   */
  @POST
  @Path("/batch")
  @RolesAllowed(Roles.FEED)
  public BatchResult batch(String body) {
    JsonNode root = JsonInput.parse(body);
    JsonNode items = root.isObject() ? root.get("items") : root;
    if (items == null || !items.isArray()) {
      throw ApiException.badRequest(
          "The body must be {\"items\":[...]} or a JSON array of snapshots",
          List.of(new Problem.FieldError("items", "must be an array of snapshots")));
    }
    if (items.isEmpty() || items.size() > MAX_BATCH) {
      throw ApiException.badRequest(
          "A batch holds 1 to " + MAX_BATCH + " snapshots; this one has " + items.size(),
          List.of(new Problem.FieldError("items", "must hold 1 to " + MAX_BATCH + " snapshots")));
    }
    Actor actor = Callers.actor(identity);
    List<BatchItem> results = new ArrayList<>(items.size());
    int accepted = 0;
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i);
      String eventId =
          item.isObject() && item.path("eventId").isTextual() ? item.get("eventId").asText() : null;
      try {
        Outcome outcome =
            ingestion.ingest(NativeSnapshotParser.parse(item, false, clock.instant()), actor);
        results.add(new BatchItem(i, eventId, 202, outcome, null));
        accepted++;
      } catch (ApiException e) {
        results.add(new BatchItem(i, eventId, e.status(), null, e.toProblem()));
      } catch (RuntimeException e) {
        Optional<String> down = Unavailability.of(e);
        if (down.isPresent()) {
          results.add(
              new BatchItem(
                  i,
                  eventId,
                  503,
                  null,
                  Problem.of(
                      503,
                      "Service Unavailable",
                      down.get() + " is unavailable; the item was not applied. Resend it.")));
          continue;
        }
        LOG.error("Batch item " + i + " failed", e);
        results.add(
            new BatchItem(
                i,
                eventId,
                500,
                null,
                Problem.of(500, "Internal Server Error", "The item failed; the error is logged.")));
      }
    }
    return new BatchResult(accepted, items.size() - accepted, results);
  }

  @POST
  @Path("/what-if")
  @RolesAllowed(Roles.VIEWER)
  public WhatIfAnswer whatIf(String body) {
    RiskIngestionService.WhatIf answer =
        ingestion.whatIf(NativeSnapshotParser.parse(JsonInput.parse(body), true, clock.instant()));
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
}
