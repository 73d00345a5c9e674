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
 * The request-body limit ({@code quarkus.http.limits.max-body-size}) answered as problem+json, and
 * API bodies read on the event loop.
 *
 * <p>Quarkus enforces the limit itself, but with a bare 413 and no body; this answers first when
 * the declared Content-Length is over the limit, and turns the 413 Quarkus raises for a chunked
 * body that grows past it into the same problem document. Either way the body is never read, so the
 * request acts on nothing.
 *
 * <p>A body under the limit is read here, on the event loop, before the request goes to its worker
 * thread. Quarkus REST otherwise reads a blocking endpoint's body on the worker, which waits for
 * the event loop to hand over each chunk: one more hand-off between threads per request, about a
 * tenth of the service's CPU for single snapshot POSTs (a profile of 2,800 POSTs a second), and
 * latency on the breach path. Quarkus REST takes the body read here (the routing context's body)
 * instead of reading the request again. Only JSON is read ahead: a form with a declared length is
 * left to Quarkus REST as before, and a form in chunks is refused (415), since no operation takes a
 * form and, once read here, Quarkus REST's form reader would wait for it forever.
 */
@ApplicationScoped
public class RequestBodyLimit {
  /** Just before Quarkus's own check, which would answer without a body. */
  static final int ORDER = RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1;

  private static final String CHUNKED = HttpHeaders.TRANSFER_ENCODING.toString();
  private static final String TYPE = HttpHeaders.CONTENT_TYPE.toString();

  private final long limit;
  private final Answer tooLarge;
  private final Answer chunkedForm;
  private final BodyHandler reader;

  RequestBodyLimit(
      @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize limit,
      ObjectMapper mapper) {
    this.limit = limit.asLongValue();
    this.tooLarge =
        Answer.of(
            mapper,
            Problem.of(
                413,
                "Content Too Large",
                "The request body is larger than the limit of "
                    + this.limit
                    + " bytes; nothing was done. Send a smaller body (a snapshot batch holds at"
                    + " most "
                    + RiskSnapshotResource.MAX_BATCH
                    + " items)."));
    this.chunkedForm =
        Answer.of(
            mapper,
            Problem.of(
                415,
                "Unsupported Media Type",
                "A form sent in chunks is not accepted; nothing was done. Send the body as JSON"
                    + " (Content-Type: application/json)."));
    this.reader = BodyHandler.create(false).setBodyLimit(this.limit);
  }

  void register(@Observes Router router) {
    router.route("/api/*").order(ORDER).handler(this::admit);
    router
        .route("/api/*")
        .order(Integer.MIN_VALUE)
        .failureHandler(
            context -> {
              if (context.statusCode() == 413 && !context.response().headWritten()) {
                refuse(context, tooLarge);
              } else {
                context.next();
              }
            });
  }

  private void admit(RoutingContext context) {
    String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
    String type = context.request().getHeader(TYPE);
    if (declaredTooLarge(length)) {
      refuse(context, tooLarge);
    } else if (declaresBody(length) && isJson(type)) {
      reader.handle(context);
    } else if (length == null && context.request().headers().contains(CHUNKED)) {
      if (isForm(type)) {
        // Read as a form here, the body would be gone before Quarkus REST's own form reader
        // waited for it, and the request would never be answered.
        refuse(context, chunkedForm);
      } else {
        // No length to check up front: read here, under the limit, so that a body growing past
        // it fails this route (413, answered below) instead of ending in Quarkus REST's bare 413.
        reader.handle(context);
      }
    } else {
      context.next();
    }
  }

  /** Only lengths the codec accepted (digits) reach here; 19 digits or more overflow a long. */
  boolean declaredTooLarge(String contentLength) {
    if (contentLength == null || contentLength.isEmpty() || !digits(contentLength)) {
      return false;
    }
    return contentLength.length() > 18 || Long.parseLong(contentLength) > limit;
  }

  /** A length the codec accepted and that is not zero: there is a body to read. */
  static boolean declaresBody(String contentLength) {
    return contentLength != null
        && !contentLength.isEmpty()
        && digits(contentLength)
        && contentLength.chars().anyMatch(c -> c != '0');
  }

  /**
   * Whether the body is declared JSON, what every API operation takes. Other types are left to
   * Quarkus REST as before: read ahead, a form would be parsed here and then waited for again.
   */
  static boolean isJson(String contentType) {
    String type = mediaType(contentType);
    return type.equalsIgnoreCase("application/json")
        || type.regionMatches(true, type.length() - 5, "+json", 0, 5);
  }

  /** Whether the body is declared a form, which no API operation takes. */
  static boolean isForm(String contentType) {
    String type = mediaType(contentType);
    return type.equalsIgnoreCase("application/x-www-form-urlencoded")
        || type.regionMatches(true, 0, "multipart/", 0, 10);
  }

  private static String mediaType(String contentType) {
    if (contentType == null) {
      return "";
    }
    int end = contentType.indexOf(';');
    return (end < 0 ? contentType : contentType.substring(0, end)).strip();
  }

  private static boolean digits(String text) {
    return text.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  /** Answers without reading the body. */
  private static void refuse(RoutingContext context, Answer answer) {
    // The unread body would otherwise be parsed as the next request on this connection.
    context
        .response()
        .setStatusCode(answer.status())
        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
        .putHeader(HttpHeaders.CONNECTION, "close")
        .end(answer.body());
  }

  /** A refusal made once: its status and its problem document. */
  private record Answer(int status, String body) {
    static Answer of(ObjectMapper mapper, Problem problem) {
      return new Answer(problem.status(), JsonText.write(mapper, problem));
    }
  }
}
