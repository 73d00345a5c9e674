package org.margindesk.api;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.margindesk.security.Roles;

/** Lets a person check which identity and roles the service sees for their credentials. */
@Path("/api/v1/me")
@Produces(MediaType.APPLICATION_JSON)
public class WhoAmIResource {
  private final SecurityIdentity identity;

  WhoAmIResource(SecurityIdentity identity) {
    this.identity = identity;
  }

  public record Me(String user, List<String> roles) {}

  @GET
  @RolesAllowed({Roles.VIEWER, Roles.FEED})
  public Me me() {
    return new Me(
        identity.getPrincipal().getName(), identity.getRoles().stream().sorted().toList());
  }
}
