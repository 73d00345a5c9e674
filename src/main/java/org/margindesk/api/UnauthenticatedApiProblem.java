package org.margindesk.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.FormAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.util.Comparator;
import java.util.List;
import org.margindesk.api.problem.Problem;
import org.margindesk.config.JsonText;

/**
 * Gives the 401s of {@code /api} the API's problem+json body. They never reach JAX-RS: a request
 * without credentials is refused by the {@code /api/*} permission check, and wrong credentials fail
 * in HTTP authentication. Both answers keep the challenge (WWW-Authenticate) of the active
 * authentication mechanism: Basic in embedded mode, Bearer in production. The console's form login
 * is left out of the choice: its challenge is a redirect to the console's login page, which means
 * nothing to an API client.
 */
@ApplicationScoped
public class UnauthenticatedApiProblem {
  /** After the request id (so the 401 carries one), before the permission check. */
  static final int PRIORITY = RequestIdFilter.PRIORITY - 200;

  private final List<HttpAuthenticationMechanism> apiMechanisms;
  private final String body;

  UnauthenticatedApiProblem(Instance<HttpAuthenticationMechanism> mechanisms, ObjectMapper mapper) {
    // Highest priority first, the order in which Quarkus itself asks mechanisms for a challenge.
    this.apiMechanisms =
        mechanisms.stream()
            .filter(mechanism -> !(mechanism instanceof FormAuthenticationMechanism))
            .sorted(Comparator.comparingInt(HttpAuthenticationMechanism::getPriority).reversed())
            .toList();
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
    challenge(context)
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

  /**
   * The first challenge that names a scheme: a mechanism with nothing to ask for (the bearer tenant
   * when no issuer is configured) answers a bare 401 and is passed over. Basic keeps quiet about
   * requests without credentials while another mechanism (the console's form) exists, so when
   * nothing else names a scheme the API names Basic itself, the scheme it always accepts.
   */
  private Uni<ChallengeData> challenge(RoutingContext context) {
    Uni<ChallengeData> challenge = Uni.createFrom().nullItem();
    for (HttpAuthenticationMechanism mechanism : apiMechanisms) {
      challenge =
          challenge
              .onItem()
              .transformToUni(
                  found ->
                      namesAScheme(found)
                          ? Uni.createFrom().item(found)
                          : mechanism.getChallenge(context));
    }
    return challenge.onItem().transform(found -> namesAScheme(found) ? found : BASIC_CHALLENGE);
  }

  private static final ChallengeData BASIC_CHALLENGE =
      new ChallengeData(401, "WWW-Authenticate", "basic realm=\"Quarkus\"");

  private static boolean namesAScheme(ChallengeData challenge) {
    return challenge != null
        && challenge.getHeaders() != null
        && challenge.getHeaders().keySet().stream()
            .anyMatch(name -> "WWW-Authenticate".equalsIgnoreCase(name.toString()));
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
    return JsonText.write(
        mapper,
        Problem.of(
            401,
            "Unauthorized",
            "Credentials are missing or not valid: send HTTP Basic (embedded mode) or a bearer"
                + " token."));
  }
}
