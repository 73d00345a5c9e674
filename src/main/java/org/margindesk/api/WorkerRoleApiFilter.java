package org.margindesk.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.margindesk.api.problem.Problem;
import org.margindesk.config.JsonText;
import org.margindesk.config.MarginDeskConfig;

/**
 * On a worker-only instance, ends every {@code /api} request with a 404 problem document.
 *
 * <p>This is a Vert.x filter rather than a JAX-RS filter because HTTP authentication and the {@code
 * /api/*} permission check run as Vert.x route handlers before JAX-RS sees the request: a JAX-RS
 * filter would let a worker answer 401 to anonymous callers and verify bearer tokens (with JWKS
 * fetches) for an API it does not have. Run before them, every caller gets the same 404 and a
 * worker never does authentication work. The filter is not even registered when the instance serves
 * the API.
 */
@ApplicationScoped
public class WorkerRoleApiFilter {
  /** Below {@link RequestIdFilter#PRIORITY}, so a 404 from here still carries a request id. */
  static final int PRIORITY = RequestIdFilter.PRIORITY - 100;

  void register(@Observes Filters filters, MarginDeskConfig config, ObjectMapper mapper) {
    if (config.servesApi()) {
      return;
    }
    String body = notFoundBody(mapper);
    filters.register(
        context -> {
          String path = context.normalizedPath();
          if (isApiPath(path)) {
            context
                .response()
                .setStatusCode(404)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(body);
          } else {
            context.next();
          }
        },
        PRIORITY);
  }

  /** {@code /api} and everything below it; {@code /apidocs} and {@code /q/*} are not API paths. */
  static boolean isApiPath(String normalizedPath) {
    return normalizedPath != null
        && (normalizedPath.equals("/api") || normalizedPath.startsWith("/api/"));
  }

  static Problem notFound() {
    return Problem.of(
        404,
        "Not Found",
        "This instance runs with margin-desk.role=worker and serves no API; send API requests to an"
            + " instance with role api or all.");
  }

  private static String notFoundBody(ObjectMapper mapper) {
    return JsonText.write(mapper, notFound());
  }
}
