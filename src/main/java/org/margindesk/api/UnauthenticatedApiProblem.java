package org.margindesk.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticator;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.margindesk.api.problem.Problem;

/**
 * Gives the 401s of {@code /api} the API's problem+json body. They never reach JAX-RS: a request
 * without credentials is refused by the {@code /api/*} permission check, and wrong credentials fail
 * in HTTP authentication. Both answers keep the challenge (WWW-Authenticate) of the active
 * authentication mechanism: Basic in embedded mode, Bearer in production.
 */
@ApplicationScoped
public class UnauthenticatedApiProblem {
  /** After the request id (so the 401 carries one), before the permission check. */
  static final int PRIORITY = RequestIdFilter.PRIORITY - 200;

  private final HttpAuthenticator authenticator;
  private final String body;

  UnauthenticatedApiProblem(HttpAuthenticator authenticator, ObjectMapper mapper) {
    this.authenticator = authenticator;
    this.body = body(mapper);
  }

  void missingCredentials(@Observes Filters filters) {
    filters.register(
        context -> {
          if (WorkerRoleApiFilter.isApiPath(context.normalizedPath())
              && context.request().getHeader(HttpHeaders.AUTHORIZATION) == null) {
            refuse(context);
          } else {
            context.next();
          }
        },
        PRIORITY);
  }

  void wrongCredentials(@Observes Router router) {
    router
        .route("/api/*")
        .order(Integer.MIN_VALUE)
        .failureHandler(
            context -> {
              if (context.failure() instanceof AuthenticationFailedException
                  && !context.response().headWritten()) {
                refuse(context);
              } else {
                context.next();
              }
            });
  }

  private void refuse(RoutingContext context) {
    authenticator
        .getChallenge(context)
        .subscribe()
        .with(
            challenge -> {
              if (challenge != null && challenge.getHeaders() != null) {
                challenge
                    .getHeaders()
                    .forEach((name, value) -> context.response().headers().set(name, value));
              }
              send(context);
            },
            error -> send(context));
  }

  private void send(RoutingContext context) {
    if (context.response().headWritten()) {
      return;
    }
    context
        .response()
        .setStatusCode(401)
        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
        .end(body);
  }

  private static String body(ObjectMapper mapper) {
    try {
      return mapper.writeValueAsString(
          Problem.of(
              401,
              "Unauthorized",
              "Credentials are missing or not valid: send HTTP Basic (embedded mode) or a bearer"
                  + " token."));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
