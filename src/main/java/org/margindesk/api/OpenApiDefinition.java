package org.margindesk.api;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.servers.Server;
import org.margindesk.api.problem.Problem;

/**
 * The OpenAPI document's header. The API takes either scheme, depending on how the instance runs:
 * HTTP Basic for the built-in users exists only in embedded mode, bearer tokens from the OIDC
 * issuer are what production accepts. Two separate requirements mean "either one".
 *
 * <p>It extends {@link Application} only because SmallRye OpenAPI reads {@code @OpenAPIDefinition}
 * from the JAX-RS application class; it overrides nothing, so every resource stays registered at
 * its own path.
 */
@OpenAPIDefinition(
    info =
        @Info(
            title = "Margin Desk API",
            version = "1",
            description =
                "Margin calls on Margin+ facilities. Every error is application/problem+json;"
                    + " amounts are decimal strings, times ISO-8601 UTC."),
    servers =
        @Server(
            url = "http://localhost:8080",
            description =
                "Embedded mode on this machine (./mvnw quarkus:dev, or the jar with"
                    + " MARGIN_DESK_EMBEDDED_ENABLED). A deployment serves the same paths at its"
                    + " own address."),
    security = {
      @SecurityRequirement(name = OpenApiDefinition.BASIC),
      @SecurityRequirement(name = OpenApiDefinition.BEARER)
    },
    components =
        @Components(
            parameters =
                @Parameter(
                    name = OpenApiDefinition.IDEMPOTENCY_KEY,
                    in = ParameterIn.HEADER,
                    required = false,
                    description =
                        "Optional; up to 255 characters, e.g. a UUID per intended action. A retry"
                            + " with the same key and the same body (SHA-256 of the raw bytes)"
                            + " gets the first answer again, byte for byte, with"
                            + " Idempotency-Replayed: true, and acts no second time; the same key"
                            + " with another body is a 422; while the first request with the key"
                            + " is still running, a second gets 409. Keys belong to the caller,"
                            + " method and path, and are kept margin-desk.idempotency.retention"
                            + " (at least 24 hours). A 5xx is not kept, so its retry acts again.",
                    schema = @Schema(type = SchemaType.STRING, minLength = 1, maxLength = 255),
                    example = "6f1c0a52-8d1e-4c57-9b1a-2f4de2d1c9b7"),
            responses = {
              @APIResponse(
                  name = OpenApiDefinition.UNAUTHORIZED,
                  description = "No credentials or wrong ones; WWW-Authenticate names the scheme.",
                  content =
                      @Content(
                          mediaType = Problem.MEDIA_TYPE,
                          examples =
                              @ExampleObject(
                                  name = "no credentials",
                                  value = OpenApiExamples.PROBLEM_UNAUTHORIZED))),
              @APIResponse(
                  name = OpenApiDefinition.MISSING_ROLE,
                  description = "The caller lacks the role this operation needs.",
                  content =
                      @Content(
                          mediaType = Problem.MEDIA_TYPE,
                          examples =
                              @ExampleObject(
                                  name = "missing role",
                                  value = OpenApiExamples.PROBLEM_MISSING_ROLE))),
              @APIResponse(
                  name = OpenApiDefinition.CALL_NOT_FOUND,
                  description = "No such margin call",
                  content =
                      @Content(
                          mediaType = Problem.MEDIA_TYPE,
                          examples =
                              @ExampleObject(
                                  name = "unknown call",
                                  value = OpenApiExamples.PROBLEM_NOT_FOUND))),
              @APIResponse(name = OpenApiDefinition.TASK_NOT_FOUND, description = "No such task"),
              @APIResponse(
                  name = OpenApiDefinition.WAIVER_NOT_FOUND,
                  description = "No such margin call or waiver"),
              @APIResponse(
                  name = OpenApiDefinition.WAIVER_DECIDED,
                  description = "The request was already decided, or the call is closed"),
              @APIResponse(
                  name = OpenApiDefinition.TASK_NOT_AWAITING_APPROVAL,
                  description = "The task is not awaiting approval"),
              @APIResponse(
                  name = OpenApiDefinition.FACILITY_NOT_FOUND,
                  description = "No facility for the account"),
              @APIResponse(
                  name = OpenApiDefinition.NOTIFICATION_NOT_FOUND,
                  description = "No such notification"),
              @APIResponse(
                  name = OpenApiDefinition.INGESTION_UNAVAILABLE,
                  description =
                      "The database or Temporal is unavailable; nothing was applied. Resend"
                          + " unchanged after Retry-After (ingestion is idempotent)."),
              @APIResponse(
                  name = OpenApiDefinition.WORKFLOW_UNAVAILABLE,
                  description =
                      "The call's workflow cannot be reached; nothing was changed. Retry shortly."),
              @APIResponse(
                  name = OpenApiDefinition.IDEMPOTENCY_KEY_REUSED,
                  description =
                      "The Idempotency-Key was already used by this caller on this path with"
                          + " another body; nothing was done. A new request needs a new key.",
                  content =
                      @Content(
                          mediaType = Problem.MEDIA_TYPE,
                          examples =
                              @ExampleObject(
                                  name = "key reused",
                                  value = OpenApiExamples.PROBLEM_IDEMPOTENCY_KEY_REUSED))),
              @APIResponse(
                  name = OpenApiDefinition.REFUSED,
                  description =
                      "Refused before the operation ran: 405 method, 406 Accept, 413 body over"
                          + " 1 MiB, 415 body that is not JSON, 404 on a worker-role instance"
                          + " (it serves no API); and any other 4xx the operation lists.",
                  content =
                      @Content(
                          mediaType = Problem.MEDIA_TYPE,
                          examples =
                              @ExampleObject(
                                  name = "not JSON",
                                  value = OpenApiExamples.PROBLEM_UNSUPPORTED_MEDIA_TYPE))),
              @APIResponse(
                  name = OpenApiDefinition.BAD_REQUEST,
                  description =
                      "Malformed JSON, or invalid fields, parameters or headers (text PostgreSQL"
                          + " cannot store, such as NUL, included; an Idempotency-Key that is"
                          + " blank or over 255 characters); errors[] names every bad one.",
                  content =
                      @Content(
                          mediaType = Problem.MEDIA_TYPE,
                          examples =
                              @ExampleObject(
                                  name = "invalid fields",
                                  value = OpenApiExamples.PROBLEM_BAD_FIELDS)))
            },
            securitySchemes = {
              @SecurityScheme(
                  securitySchemeName = OpenApiDefinition.BASIC,
                  type = SecuritySchemeType.HTTP,
                  scheme = "basic",
                  description =
                      "Embedded mode only (dev, test, the jar with MARGIN_DESK_EMBEDDED_ENABLED):"
                          + " built-in users whose password equals the user name."),
              @SecurityScheme(
                  securitySchemeName = OpenApiDefinition.BEARER,
                  type = SecuritySchemeType.HTTP,
                  scheme = "bearer",
                  bearerFormat = "JWT",
                  description =
                      "Production: an OIDC access token from margin-desk.security.bearer.issuer;"
                          + " roles come from margin-desk.security.bearer.roles-claim.")
            }))
public class OpenApiDefinition extends Application {
  public static final String BASIC = "basic";
  public static final String BEARER = "bearer";

  /**
   * Shared responses, referenced by name from the resources; api/OpenApiConventions gives each the
   * problem+json schema.
   */
  public static final String UNAUTHORIZED = "Unauthorized";

  public static final String CALL_NOT_FOUND = "CallNotFound";
  public static final String TASK_NOT_FOUND = "TaskNotFound";
  public static final String WORKFLOW_UNAVAILABLE = "WorkflowUnavailable";
  public static final String WAIVER_NOT_FOUND = "WaiverNotFound";
  public static final String WAIVER_DECIDED = "WaiverDecided";
  public static final String TASK_NOT_AWAITING_APPROVAL = "TaskNotAwaitingApproval";
  public static final String FACILITY_NOT_FOUND = "FacilityNotFound";
  public static final String NOTIFICATION_NOT_FOUND = "NotificationNotFound";
  public static final String INGESTION_UNAVAILABLE = "IngestionUnavailable";

  public static final String MISSING_ROLE = "MissingRole";
  public static final String BAD_REQUEST = "BadRequest";

  /** Refusals of the HTTP layer, added to every operation as 4XX (api/OpenApiConventions). */
  public static final String REFUSED = "Refused";

  /** The header every POST and PUT takes (api/IdempotencyKeyFilter), and its 422. */
  public static final String IDEMPOTENCY_KEY = IdempotencyKeyFilter.HEADER;

  public static final String IDEMPOTENCY_KEY_REUSED = "IdempotencyKeyReused";
}
