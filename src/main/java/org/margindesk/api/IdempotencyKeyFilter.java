package org.margindesk.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import org.margindesk.domain.Refusal;
import org.margindesk.domain.StorableText;
import org.margindesk.security.CallerIdentity;
import org.margindesk.service.IdempotencyKeys;

/**
 * {@code Idempotency-Key} on every POST and PUT of {@code /api/v1}: a client that lost an answer
 * retries with the same key and gets that answer again instead of a second extension, claim or
 * waiver. The key is optional, and belongs to the caller, the method and the path; the request it
 * stands for is the SHA-256 of the raw body bytes. The decisions live in {@link IdempotencyKeys};
 * this class maps them to HTTP.
 *
 * <p>JAX-RS filters rather than a Vert.x handler: they run after authentication and the role check
 * (so the caller is known and a refused caller stores nothing), on the worker thread the resource
 * runs on (so the claim may talk to PostgreSQL), and the response filter sees every answer, the
 * problem documents of the exception mappers included. The request filter reads the body once and
 * hands the resource the same bytes.
 */
public class IdempotencyKeyFilter {
  private static final Logger LOG = Logger.getLogger(IdempotencyKeyFilter.class);

  public static final String HEADER = "Idempotency-Key";
  public static final String REPLAYED_HEADER = "Idempotency-Replayed";
  static final int MAX_LENGTH = 255;

  /**
   * The response headers a replay repeats, besides Content-Type. Others belong to one exchange
   * (X-Request-Id names the retry, not the original).
   */
  static final List<String> STORED_HEADERS =
      List.of("Location", "Content-Location", "ETag", "Retry-After");

  private static final Set<String> WRITES = Set.of("POST", "PUT");
  private static final String CLAIM = IdempotencyKeyFilter.class.getName() + ".claim";

  private final IdempotencyKeys keys;
  private final SecurityIdentity identity;
  private final ObjectMapper json;

  IdempotencyKeyFilter(IdempotencyKeys keys, SecurityIdentity identity, ObjectMapper json) {
    this.keys = keys;
    this.identity = identity;
    this.json = json;
  }

  /** The claim a request holds until its answer is stored. */
  private record Held(IdempotencyKeys.Scope scope, UUID owner) {}

  /**
   * After the other request filters, so a request they refuse never touches the table.
   *
   * @return the replayed answer, or null to let the request act
   */
  @ServerRequestFilter(priority = Priorities.USER + 100)
  public Response claim(ContainerRequestContext request) throws IOException {
    List<String> sent = request.getHeaders().get(HEADER);
    String path = path(request);
    if (sent == null || !applies(request.getMethod(), path)) {
      return null;
    }
    String problem = sent.size() > 1 ? "must be sent once" : problem(sent.get(0));
    if (problem != null) {
      throw Refusal.invalid(
          HEADER + ": " + problem, List.of(new Refusal.FieldError(HEADER, problem)));
    }
    byte[] body = request.getEntityStream().readAllBytes();
    request.setEntityStream(new ByteArrayInputStream(body));
    IdempotencyKeys.Scope scope =
        new IdempotencyKeys.Scope(
            CallerIdentity.of(identity), request.getMethod(), path, sent.get(0));
    IdempotencyKeys.Claim claim = keys.claim(scope, body);
    if (claim instanceof IdempotencyKeys.Acquired acquired) {
      request.setProperty(CLAIM, new Held(scope, acquired.owner()));
      return null;
    } else if (claim instanceof IdempotencyKeys.Replay replay) {
      return replay(replay.answer());
    } else if (claim instanceof IdempotencyKeys.InProgress) {
      throw Refusal.conflict(
          "A request with this Idempotency-Key is in progress; retry once it has answered to"
              + " get its answer.");
    } else {
      String message = "was already used with another body on this path";
      throw Refusal.unprocessable(
          "This Idempotency-Key was already used with another body on "
              + request.getMethod()
              + " "
              + path
              + "; a new request needs a new key.",
          List.of(new Refusal.FieldError(HEADER, message)));
    }
  }

  /**
   * Stores the answer of a request that holds a claim; a 5xx releases it instead, since the retry
   * should act again. The entity is written to bytes here and sent as those bytes, so a replay is
   * the first answer byte for byte. A failure to store is logged, and the client still gets its
   * answer: the claim stays in progress and its retries get 409 until it is stale.
   */
  @ServerResponseFilter
  public void store(ContainerRequestContext request, ContainerResponseContext response) {
    if (!(request.getProperty(CLAIM) instanceof Held held)) {
      return;
    }
    request.removeProperty(CLAIM);
    try {
      if (response.getStatus() >= 500) {
        keys.release(held.scope(), held.owner());
        return;
      }
      if (!keys.complete(held.scope(), held.owner(), answer(response))) {
        LOG.warnf(
            "The Idempotency-Key claim of %s %s was taken over before it answered",
            held.scope().method(), held.scope().path());
      }
    } catch (RuntimeException | JsonProcessingException e) {
      LOG.errorf(
          e,
          "Could not store the answer of %s %s under its Idempotency-Key; retries get 409 for %s",
          held.scope().method(),
          held.scope().path(),
          IdempotencyKeys.TAKEOVER_AFTER);
    }
  }

  private IdempotencyKeys.Answer answer(ContainerResponseContext response)
      throws JsonProcessingException {
    Object entity = response.getEntity();
    MediaType type = response.getMediaType();
    byte[] body;
    if (entity == null) {
      body = new byte[0];
    } else if (entity instanceof byte[] bytes) {
      body = bytes;
    } else if (entity instanceof String text) {
      body = text.getBytes(StandardCharsets.UTF_8);
    } else {
      body = json.writeValueAsBytes(entity);
    }
    if (entity != null) {
      // Every /api/v1 write produces JSON; the type is set explicitly so the replay repeats it.
      type = type == null ? MediaType.APPLICATION_JSON_TYPE : type;
      response.setEntity(body, response.getEntityAnnotations(), type);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (String name : STORED_HEADERS) {
      String value = response.getHeaderString(name);
      if (value != null) {
        headers.put(name, value);
      }
    }
    return new IdempotencyKeys.Answer(
        response.getStatus(), entity == null ? null : type.toString(), headers, body);
  }

  private static Response replay(IdempotencyKeys.Answer answer) {
    Response.ResponseBuilder response = Response.status(answer.status());
    if (answer.contentType() != null) {
      response.entity(answer.body()).type(answer.contentType());
    }
    answer.headers().forEach(response::header);
    return response.header(REPLAYED_HEADER, "true").build();
  }

  static boolean applies(String method, String path) {
    return WRITES.contains(method) && path.startsWith("/api/v1/");
  }

  /**
   * @return why the header's value cannot be a key, or null when it can
   */
  static String problem(String key) {
    if (key.isBlank()) {
      return "must not be blank";
    }
    if (key.length() > MAX_LENGTH) {
      return "must be at most " + MAX_LENGTH + " characters";
    }
    return StorableText.problem(key);
  }

  private static String path(ContainerRequestContext request) {
    String path = request.getUriInfo().getPath();
    return path.startsWith("/") ? path : "/" + path;
  }
}
