package org.margindesk.api;

import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.logging.MDC;
import org.margindesk.security.Roles;

/**
 * Test-only endpoint: reports the logging MDC's request id as seen by a resource on a worker
 * thread, which is where log lines of real resources and services are written.
 */
@Path("/api/test/mdc")
public class MdcProbeResource {

  @GET
  @Blocking
  @Produces(MediaType.TEXT_PLAIN)
  @RolesAllowed(Roles.VIEWER)
  public String requestId() {
    Object id = MDC.get(RequestIdFilter.MDC_KEY);
    return id == null ? "" : id.toString();
  }
}
