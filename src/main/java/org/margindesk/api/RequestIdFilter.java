package org.margindesk.api;

import io.quarkus.vertx.http.runtime.filters.Filters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jboss.logging.MDC;
import org.margindesk.config.LogContext;

/**
 * Gives every HTTP request an id: the caller's {@code X-Request-Id} when it is a sane token, a new
 * UUID otherwise. The id is echoed in the response and put in the logging MDC as {@code requestId},
 * so one grep joins a client's report, the access path and every log line (JSON logs in production
 * carry the MDC). Activities add {@code marginCallId} and {@code accountId} with {@link
 * LogContext#forCall} while they work on a call.
 *
 * <p>A Vert.x filter, not a JAX-RS one, so that requests refused before JAX-RS (401, 403, the
 * worker role's 404) and health probes carry an id too. Quarkus keeps the MDC on the request's
 * duplicated Vert.x context, which follows the request onto worker threads.
 */
@ApplicationScoped
public class RequestIdFilter {
  public static final String HEADER = "X-Request-Id";
  public static final String MDC_KEY = LogContext.REQUEST_ID;
  static final int PRIORITY = 10_000;

  // Caller-supplied ids end up in logs: only accept short tokens that cannot forge a log line.
  private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  void register(@Observes Filters filters) {
    filters.register(
        context -> {
          String id =
              chooseId(context.request().getHeader(HEADER), () -> UUID.randomUUID().toString());
          MDC.put(MDC_KEY, id);
          context.response().putHeader(HEADER, id);
          context.addEndHandler(done -> MDC.remove(MDC_KEY));
          context.next();
        },
        PRIORITY);
  }

  static String chooseId(String supplied, Supplier<String> generator) {
    if (supplied != null && ACCEPTED.matcher(supplied).matches()) {
      return supplied;
    }
    return generator.get();
  }
}
