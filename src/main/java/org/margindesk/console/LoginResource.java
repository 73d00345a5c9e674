package org.margindesk.console;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.margindesk.security.Roles;

/**
 * Signing in and out of the console in embedded mode: the form posts to Quarkus's form login
 * ({@code /j_security_check}), which checks the built-in users and sets an encrypted cookie.
 */
@ConsolePage
@Path("/console")
@Produces(MediaType.TEXT_HTML)
public class LoginResource {
  private final Template login;
  private final String cookieName;

  LoginResource(
      @Location("console/login.html") Template login,
      @ConfigProperty(name = "quarkus.http.auth.form.cookie-name") String cookieName) {
    this.login = login;
    this.cookieName = cookieName;
  }

  @GET
  @Path("login")
  @PermitAll
  public TemplateInstance login(@QueryParam("error") boolean error) {
    return login.data("error", error);
  }

  /** Forgets the login cookie; the anti-forgery check keeps other sites from signing people out. */
  @POST
  @Path("logout")
  @RolesAllowed({Roles.VIEWER, Roles.FEED})
  public Response logout() {
    return Response.seeOther(URI.create("/console/login"))
        .cookie(
            new NewCookie.Builder(cookieName).value("").path("/").maxAge(0).httpOnly(true).build(),
            new NewCookie.Builder(CsrfTokens.COOKIE)
                .value("")
                .path("/console")
                .maxAge(0)
                .httpOnly(true)
                .build())
        .build();
  }
}
