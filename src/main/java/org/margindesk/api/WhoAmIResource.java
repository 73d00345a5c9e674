package org.margindesk.api;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.margindesk.security.CallerIdentity;
import org.margindesk.security.Roles;

/** Lets a person check which identity and roles the service sees for their credentials. */
@Path("/api/v1/me")
@Tag(name = "Identity", description = "Who the service takes the caller for")
@Produces(MediaType.APPLICATION_JSON)
public class WhoAmIResource {
  private final SecurityIdentity identity;

  WhoAmIResource(SecurityIdentity identity) {
    this.identity = identity;
  }

  /**
   * @param user the display name (a bearer token's principal claim, or the built-in user name)
   * @param subject the identity the service compares and records: {@code iss#sub} for a bearer
   *     token, the user name for a built-in user
   */
  public record Me(String user, String subject, List<String> roles) {}

  @GET
  @RolesAllowed({Roles.VIEWER, Roles.FEED})
  @Operation(
      operationId = "whoAmI",
      summary = "Who am I",
      description =
          "The user name, the identity the service records and compares (four-eyes), and the"
              + " roles it sees for these credentials, implied roles included. Role: viewer"
              + " (operators and supervisors too) or feed.")
  @APIResponse(
      responseCode = "200",
      description = "The caller",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = Me.class),
              examples = @ExampleObject(name = "operator", value = OpenApiExamples.WHO_AM_I)))
  public Me me() {
    return new Me(
        identity.getPrincipal().getName(),
        CallerIdentity.of(identity),
        identity.getRoles().stream().sorted().toList());
  }
}
