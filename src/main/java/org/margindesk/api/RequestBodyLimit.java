package org.margindesk.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.margindesk.api.problem.Problem;
import org.margindesk.config.JsonText;

/**
 * The request-body limit ({@code quarkus.http.limits.max-body-size}) answered as problem+json.
 * Quarkus enforces the limit itself, but with a bare 413 and no body; this answers first when the
 * declared Content-Length is over the limit, and turns the 413 Quarkus raises for a chunked body
 * that grows past it into the same problem document. Either way the body is never read, so the
 * request acts on nothing.
 */
@ApplicationScoped
public class RequestBodyLimit {
  /** Just before Quarkus's own check, which would answer without a body. */
  static final int ORDER = RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1;

  private static final String CHUNKED = HttpHeaders.TRANSFER_ENCODING.toString();

  private final long limit;
  private final String body;
  private final BodyHandler chunked;

  RequestBodyLimit(
      @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize limit,
      ObjectMapper mapper) {
    this.limit = limit.asLongValue();
    this.body = body(mapper, this.limit);
    this.chunked = BodyHandler.create(false).setBodyLimit(this.limit);
  }

  void register(@Observes Router router) {
    router
        .route("/api/*")
        .order(ORDER)
        .handler(
            context -> {
              String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
              if (declaredTooLarge(length)) {
                refuse(context);
              } else if (length == null && context.request().headers().contains(CHUNKED)) {
                // No length to check up front: read the body here, under the limit, so that a
                // body growing past it fails this route (413, answered below) instead of ending
                // in Quarkus REST's bare 413.
                chunked.handle(context);
              } else {
                context.next();
              }
            });
    router
        .route("/api/*")
        .order(Integer.MIN_VALUE)
        .failureHandler(
            context -> {
              if (context.statusCode() == 413 && !context.response().headWritten()) {
                refuse(context);
              } else {
                context.next();
              }
            });
  }

  /** Only lengths the codec accepted (digits) reach here; 19 digits or more overflow a long. */
  boolean declaredTooLarge(String contentLength) {
    if (contentLength == null || contentLength.isEmpty() || !digits(contentLength)) {
      return false;
    }
    return contentLength.length() > 18 || Long.parseLong(contentLength) > limit;
  }

  private static boolean digits(String text) {
    return text.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  private void refuse(RoutingContext context) {
    // The unread body would otherwise be parsed as the next request on this connection.
    context
        .response()
        .setStatusCode(413)
        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
        .putHeader(HttpHeaders.CONNECTION, "close")
        .end(body);
  }

  private static String body(ObjectMapper mapper, long limit) {
    return JsonText.write(
        mapper,
        Problem.of(
            413,
            "Content Too Large",
            "The request body is larger than the limit of "
                + limit
                + " bytes; nothing was done. Send a smaller body (a snapshot batch holds at most"
                + " "
                + RiskSnapshotResource.MAX_BATCH
                + " items)."));
  }
}
