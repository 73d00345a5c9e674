package org.margindesk.service;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.hibernate.query.NativeQuery;
import org.jboss.logging.Logger;
import org.margindesk.config.JsonText;
import org.margindesk.config.MarginDeskConfig;

/**
 * The stored side of the admin API's {@code Idempotency-Key} (table {@code idempotency_key}, V60).
 * A request with a key first claims it: the claim is a row inserted IN_PROGRESS and committed
 * before the request acts, so the primary key decides which of two copies acts, on any instance,
 * and the other is told the first is still in progress. The answer is stored on the row once known
 * and replayed for every later copy; a failure of the service (5xx) releases the row, so a retry
 * acts again.
 *
 * <p>If the answer cannot be stored (the instance died, PostgreSQL went away between the action and
 * the update), the row stays IN_PROGRESS: retries get "in progress" rather than acting twice, until
 * the claim is {@link #TAKEOVER_AFTER} old and a retry with the same body may take it over.
 *
 * <p>Nothing here knows HTTP: a scope is strings, an answer is a status, headers and bytes.
 */
@ApplicationScoped
public class IdempotencyKeys {
  private static final Logger LOG = Logger.getLogger(IdempotencyKeys.class);

  /** What clients are promised: a retry within a day is answered from its key. */
  public static final Duration MINIMUM_RETENTION = Duration.ofHours(24);

  /**
   * A claim this old whose request never answered is taken over by a retry. Far longer than any
   * request runs (a workflow update answers within seconds), so a live request is never overtaken.
   */
  public static final Duration TAKEOVER_AFTER = Duration.ofMinutes(5);

  /** Rows deleted per transaction by the purge, so it never holds many locks for long. */
  static final int PURGE_BATCH = 1_000;

  private static final String RETENTION_KEY = "margin-desk.idempotency.retention";
  private static final TypeReference<TreeMap<String, String>> HEADERS = new TypeReference<>() {};

  private final EntityManager em;
  private final Clock clock;
  private final MarginDeskConfig config;
  private final ObjectMapper json;

  IdempotencyKeys(EntityManager em, Clock clock, MarginDeskConfig config, ObjectMapper json) {
    this.em = em;
    this.clock = clock;
    this.config = config;
    this.json = json;
  }

  /** Whose key it is and where it was sent: the same key elsewhere is another key. */
  public record Scope(String caller, String method, String path, String key) {
    /** SHA-256 of the four parts, each prefixed by its length so no two scopes run together. */
    String hash() {
      MessageDigest digest = sha256();
      for (String part : List.of(caller, method, path, key)) {
        byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
        digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
        digest.update(bytes);
      }
      return HexFormat.of().formatHex(digest.digest());
    }
  }

  /**
   * A completed answer, replayed byte for byte.
   *
   * @param contentType null when the body is empty
   * @param headers the response headers a replay repeats (e.g. Location), by name
   */
  public record Answer(int status, String contentType, Map<String, String> headers, byte[] body) {}

  /** What claiming a key found. */
  public sealed interface Claim permits Acquired, Replay, InProgress, OtherRequest {}

  /** The key is this request's: act, then {@link #complete} or {@link #release} with the owner. */
  public record Acquired(UUID owner) implements Claim {}

  /** The key was answered before: send this answer again. */
  public record Replay(Answer answer) implements Claim {}

  /** Another request with the key has not answered yet. */
  public record InProgress() implements Claim {}

  /** The key was used with another body. */
  public record OtherRequest() implements Claim {}

  /**
   * Claims the key for a request with this body, in a transaction of its own. A row past the
   * retention is no longer matched: it is replaced, as is a stale claim of the same body.
   */
  public Claim claim(Scope scope, byte[] body) {
    String scopeHash = scope.hash();
    String requestHash = HexFormat.of().formatHex(sha256().digest(body));
    Instant now = clock.instant();
    UUID owner = UUID.randomUUID();
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              int inserted =
                  em.createNativeQuery(
                          "INSERT INTO idempotency_key (scope_hash, caller, method, path,"
                              + " idempotency_key, request_sha256, state, owner, created_at)"
                              + " VALUES (:scope, :caller, :method, :path, :key, :request,"
                              + " 'IN_PROGRESS', :owner, :now) ON CONFLICT (scope_hash) DO UPDATE"
                              + " SET request_sha256 = EXCLUDED.request_sha256, state ="
                              + " 'IN_PROGRESS', owner = EXCLUDED.owner, created_at ="
                              + " EXCLUDED.created_at, completed_at = NULL, response_status ="
                              + " NULL, response_content_type = NULL, response_headers = NULL,"
                              + " response_body = NULL WHERE idempotency_key.created_at <="
                              + " :expired OR (idempotency_key.state = 'IN_PROGRESS' AND"
                              + " idempotency_key.created_at <= :stale AND"
                              + " idempotency_key.request_sha256 = EXCLUDED.request_sha256)")
                      .setParameter("scope", scopeHash)
                      .setParameter("caller", scope.caller())
                      .setParameter("method", scope.method())
                      .setParameter("path", scope.path())
                      .setParameter("key", scope.key())
                      .setParameter("request", requestHash)
                      .setParameter("owner", owner)
                      .setParameter("now", Timestamp.from(now))
                      .setParameter("expired", Timestamp.from(now.minus(retention())))
                      .setParameter("stale", Timestamp.from(now.minus(TAKEOVER_AFTER)))
                      .executeUpdate();
              return inserted == 1 ? new Acquired(owner) : existing(scopeHash, requestHash);
            });
  }

  /** The row the claim ran into, locked by the conflicting insert until this transaction ends. */
  private Claim existing(String scopeHash, String requestHash) {
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        em.createNativeQuery(
                "SELECT request_sha256::text, state::text, response_status,"
                    + " response_content_type::text, response_headers::text, response_body FROM"
                    + " idempotency_key WHERE scope_hash = :scope")
            .setParameter("scope", scopeHash)
            .getResultList();
    if (rows.isEmpty()) {
      // Not expected, since the insert above locked the row it ran into; a retry decides again.
      return new InProgress();
    }
    Object[] row = rows.get(0);
    if (!requestHash.equals(row[0])) {
      return new OtherRequest();
    }
    if (!"COMPLETED".equals(row[1])) {
      return new InProgress();
    }
    return new Replay(
        new Answer(
            ((Number) row[2]).intValue(),
            (String) row[3],
            readHeaders((String) row[4]),
            (byte[]) row[5]));
  }

  /**
   * Stores the answer of the request that holds the claim.
   *
   * @return false when the claim is no longer this request's (taken over after it went stale)
   */
  public boolean complete(Scope scope, UUID owner, Answer answer) {
    String headers = writeHeaders(answer.headers());
    Timestamp now = Timestamp.from(clock.instant());
    int updated =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  NativeQuery<?> update =
                      em.createNativeQuery(
                              "UPDATE idempotency_key SET state = 'COMPLETED', completed_at ="
                                  + " :now, response_status = :status, response_content_type ="
                                  + " :type, response_headers = CAST(:headers AS jsonb),"
                                  + " response_body = :body WHERE scope_hash = :scope AND owner ="
                                  + " :owner AND state = 'IN_PROGRESS'")
                          .unwrap(NativeQuery.class);
                  // Typed, because an empty answer has no content type and a bare null
                  // parameter would reach PostgreSQL without one.
                  update.setParameter("type", answer.contentType(), String.class);
                  return update
                      .setParameter("now", now)
                      .setParameter("status", answer.status())
                      .setParameter("headers", headers)
                      .setParameter("body", answer.body())
                      .setParameter("scope", scope.hash())
                      .setParameter("owner", owner)
                      .executeUpdate();
                });
    return updated == 1;
  }

  /** Gives the key up without an answer (the service failed), so that a retry acts again. */
  public void release(Scope scope, UUID owner) {
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                em.createNativeQuery(
                        "DELETE FROM idempotency_key WHERE scope_hash = :scope AND owner = :owner"
                            + " AND state = 'IN_PROGRESS'")
                    .setParameter("scope", scope.hash())
                    .setParameter("owner", owner)
                    .executeUpdate());
  }

  /** Only where workers run, so a pool of API replicas does not repeat the same work. */
  @Scheduled(
      every = "${margin-desk.idempotency.purge-interval:PT1H}",
      delayed = "${margin-desk.idempotency.purge-interval:PT1H}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void periodically() {
    if (!config.runsWorkers()) {
      return;
    }
    try {
      int purged = purge();
      if (purged > 0) {
        LOG.infof("Purged %d idempotency keys older than %s", purged, retention());
      }
    } catch (RuntimeException e) {
      LOG.errorf(e, "Purging idempotency keys failed; the next run retries");
    }
  }

  /**
   * Deletes every key older than the retention, in batches of their own transactions.
   *
   * @return how many were deleted
   */
  public int purge() {
    Timestamp cutoff = Timestamp.from(clock.instant().minus(retention()));
    int total = 0;
    int deleted;
    do {
      deleted =
          QuarkusTransaction.requiringNew()
              .call(
                  () ->
                      em.createNativeQuery(
                              "DELETE FROM idempotency_key WHERE scope_hash IN (SELECT scope_hash"
                                  + " FROM idempotency_key WHERE created_at <= :cutoff LIMIT"
                                  + " :batch FOR UPDATE SKIP LOCKED)")
                          .setParameter("cutoff", cutoff)
                          .setParameter("batch", PURGE_BATCH)
                          .executeUpdate());
      total += deleted;
    } while (deleted == PURGE_BATCH);
    return total;
  }

  /** A shorter retention would break the promise to clients, so the service does not start. */
  void checkRetention(@Observes StartupEvent event) {
    requireRetention(retention());
  }

  public static void requireRetention(Duration retention) {
    if (retention.compareTo(MINIMUM_RETENTION) < 0) {
      throw new IllegalStateException(
          RETENTION_KEY
              + " is "
              + retention
              + "; it must be at least "
              + MINIMUM_RETENTION
              + ", since clients are promised that a retry within a day is answered from its"
              + " Idempotency-Key");
    }
  }

  private Duration retention() {
    return config.idempotency().retention();
  }

  private String writeHeaders(Map<String, String> headers) {
    return JsonText.write(json, new TreeMap<>(headers));
  }

  private Map<String, String> readHeaders(String stored) {
    return JsonText.read(json, stored, HEADERS);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
