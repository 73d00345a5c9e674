package org.margindesk.console;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import org.jboss.resteasy.reactive.server.WithFormRead;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.spi.ServerRequestContext;
import org.margindesk.security.CallerIdentity;

/**
 * Refuses every console request that changes something (POST) unless it carries the anti-forgery
 * token of the signed-in person, as the form field {@value CsrfTokens#FIELD} or, from htmx, the
 * header {@value CsrfTokens#HEADER}; and hands out the token's cookie with the pages that need it.
 */
public class CsrfFilter {
  private static final Set<String> UNSAFE = Set.of("POST", "PUT", "PATCH", "DELETE");

  private final CsrfTokens tokens;
  private final SecurityIdentity identity;
  private final ConsoleCsrf csrf;

  CsrfFilter(CsrfTokens tokens, SecurityIdentity identity, ConsoleCsrf csrf) {
    this.tokens = tokens;
    this.identity = identity;
    this.csrf = csrf;
  }

  /** Reads the form first, so its token field can be checked before the resource runs. */
  @ServerRequestFilter
  @WithFormRead
  @ConsolePage
  public Response check(ContainerRequestContext request, ServerRequestContext server) {
    if (!isConsole(request) || !UNSAFE.contains(request.getMethod())) {
      return null;
    }
    String submitted = request.getHeaderString(CsrfTokens.HEADER);
    if (submitted == null
        && request.getMediaType() != null
        && request.getMediaType().isCompatible(MediaType.APPLICATION_FORM_URLENCODED_TYPE)) {
      Object field =
          ((ResteasyReactiveRequestContext) server).getFormParameter(CsrfTokens.FIELD, true, false);
      submitted = field == null ? null : field.toString();
    }
    Cookie cookie = request.getCookies().get(CsrfTokens.COOKIE);
    String user = identity.isAnonymous() ? null : CallerIdentity.of(identity);
    if (tokens.matches(submitted, cookie == null ? null : cookie.getValue(), user)) {
      return null;
    }
    return Response.status(Response.Status.FORBIDDEN)
        .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
        .entity(
            "<div class=\"problem\" role=\"alert\"><strong>Refused:</strong> this form's"
                + " anti-forgery token is missing or out of date. Reload the page and try"
                + " again.</div>")
        .build();
  }

  @ServerResponseFilter
  @ConsolePage
  public void setCookie(ContainerRequestContext request, ContainerResponseContext response) {
    if (!isConsole(request) || csrf.minted() == null) {
      return;
    }
    NewCookie cookie =
        new NewCookie.Builder(CsrfTokens.COOKIE)
            .value(csrf.minted())
            .path("/console")
            .httpOnly(true)
            .secure(request.getSecurityContext().isSecure())
            .sameSite(NewCookie.SameSite.STRICT)
            .build();
    response.getHeaders().add(HttpHeaders.SET_COOKIE, cookie);
  }

  private static boolean isConsole(ContainerRequestContext request) {
    String path = request.getUriInfo().getPath();
    return path.equals("/console") || path.startsWith("/console/");
  }
}
