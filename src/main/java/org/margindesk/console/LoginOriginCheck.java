package org.margindesk.console;

import io.quarkus.vertx.http.runtime.security.SecurityHandlerPriorities;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.util.Locale;

/**
 * Refuses a sign-in posted by another site. The login form cannot carry the anti-forgery token (no
 * one is signed in yet to bind it to), so without this a page elsewhere could sign a person's
 * browser in as someone else, and whatever they then did would be recorded under that name. The
 * browser says where a post comes from: {@code Sec-Fetch-Site} in current browsers, {@code Origin}
 * in older ones; a request with neither (curl, a test client) has no browser to forge with.
 */
@ApplicationScoped
public class LoginOriginCheck {
  static final String LOGIN_POST = "/j_security_check";

  /**
   * Before authentication, which Quarkus runs as a filter at order {@code -priority}: form
   * authentication would otherwise check the credentials and set the cookie first.
   */
  static final int ORDER = -SecurityHandlerPriorities.AUTHENTICATION - 1;

  void register(@Observes Router router) {
    router.route(HttpMethod.POST, LOGIN_POST).order(ORDER).handler(this::check);
  }

  private void check(RoutingContext context) {
    String site = context.request().getHeader("Sec-Fetch-Site");
    String origin = context.request().getHeader("Origin");
    String authority =
        context.request().authority() == null ? null : context.request().authority().toString();
    if (sameSite(site, origin, authority)) {
      context.next();
      return;
    }
    context
        .response()
        .setStatusCode(403)
        .putHeader("Content-Type", "text/html; charset=UTF-8")
        .end(
            "<!doctype html><html lang=\"en\"><title>Sign-in refused</title><p role=\"alert\">"
                + "Sign-in refused: the form was posted from another site. Open"
                + " <a href=\"/console/login\">the console's sign-in page</a> and sign in there.");
  }

  /** Whether a sign-in post came from the console's own pages, as far as the browser tells. */
  static boolean sameSite(String secFetchSite, String origin, String authority) {
    if (secFetchSite != null) {
      String value = secFetchSite.trim().toLowerCase(Locale.ROOT);
      return value.equals("same-origin") || value.equals("none");
    }
    if (origin == null) {
      return true;
    }
    try {
      String from = URI.create(origin.trim()).getRawAuthority();
      return from != null && from.equalsIgnoreCase(authority);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
