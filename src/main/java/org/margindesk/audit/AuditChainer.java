package org.margindesk.audit;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.hibernate.Session;
import org.jboss.logging.Logger;
import org.margindesk.config.MarginDeskConfig;
import org.margindesk.metrics.MarginDeskMetrics;
import org.margindesk.pacing.IngestionPressure;

/**
 * Moves committed records from {@code audit_staged} into the chain. Writers stage records in their
 * own transactions without waiting for anyone (see {@link AuditTrail}); the chain's one serial
 * point, the advisory lock that keeps it from forking, is taken here, once per round, by one thread
 * per instance, never inside a writer's transaction. Requests that arrive while a round runs share
 * the next round, so under load one lock hold links the records of many transactions.
 *
 * <p>A round yields to the safety path: while ingestion is restricting breaches it waits, for at
 * most {@code margin-desk.workflow-starts.yield-to-restrictions} in all, before each of its pages.
 * Linking is most of the audit trail's database work (every record is copied into a table with nine
 * indexes), and the records it links are already durable in {@code audit_staged}.
 *
 * <p>A failed round leaves its records staged, where they are durable; it is counted in {@code
 * margindesk_audit_chain_failures_total} and logged, and the periodic sweep (or the next request)
 * takes them again.
 */
@ApplicationScoped
public class AuditChainer {
  private static final Logger LOG = Logger.getLogger(AuditChainer.class);

  /** Arbitrary constant naming the one advisory lock that serialises extending the chain. */
  static final long CHAIN_LOCK = 0x4d415247494e4c4bL;

  /** Records linked per transaction: bounds a round's memory and its lock hold after an outage. */
  static final int PAGE_SIZE = 5000;

  private final EntityManager em;
  private final MarginDeskMetrics metrics;
  private final IngestionPressure pressure;
  private final StagingVacuum vacuum;
  private final Duration chainWait;

  /**
   * How long a round asked for by a writer's commit waits for other writers' commits before it
   * starts: one round then links the records of many transactions instead of one each (while
   * workflows open their calls, about one commit every few milliseconds), and its fixed costs (the
   * lock, the read of the staging table, the tail, the delete, the commit) are paid once for all of
   * them. Readers do not wait for it: their rounds start at once.
   */
  static final Duration WRITER_GATHER = Duration.ofMillis(100);

  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "audit-chainer");
            thread.setDaemon(true);
            return thread;
          });

  /** The round that has been asked for and has not started yet; null when none is waiting. */
  private CompletableFuture<Integer> nextRound;

  /** Whether {@link #nextRound} is due at once, not only after {@link #WRITER_GATHER}. */
  private boolean nextRoundAtOnce;

  private volatile boolean stopping;

  AuditChainer(
      EntityManager em,
      MarginDeskMetrics metrics,
      IngestionPressure pressure,
      StagingVacuum vacuum,
      MarginDeskConfig config) {
    this.em = em;
    this.metrics = metrics;
    this.pressure = pressure;
    this.vacuum = vacuum;
    this.chainWait = config.audit().chainWait();
  }

  /**
   * Asks for a round that starts after this call, so it links every record committed before it.
   *
   * @return completes with the number of records the round linked, or exceptionally if it failed
   */
  public CompletableFuture<Integer> requestRound() {
    return request(true);
  }

  /**
   * Asks for a round that starts within {@link #WRITER_GATHER} of this call: what a writer asks for
   * once its records are committed. A reader's request meanwhile starts the round at once.
   */
  public CompletableFuture<Integer> requestRoundSoon() {
    return request(false);
  }

  private synchronized CompletableFuture<Integer> request(boolean atOnce) {
    if (nextRound != null && (nextRoundAtOnce || !atOnce)) {
      return nextRound;
    }
    CompletableFuture<Integer> round = nextRound != null ? nextRound : new CompletableFuture<>();
    try {
      // A round already waiting out its gathering delay is made due now by a second task; the
      // task that finds no round waiting does nothing.
      executor.schedule(
          this::runRound, atOnce ? 0 : WRITER_GATHER.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // Shutting down: the records stay staged and the next start chains them.
      round.completeExceptionally(e);
      return round;
    }
    nextRound = round;
    nextRoundAtOnce = atOnce;
    return round;
  }

  /**
   * Waits until every record committed before this call is chained, for at most the configured
   * {@code margin-desk.audit.chain-wait}: what readers of the trail call first, so they see what
   * was written before them. A round that fails or runs late is logged and counted by the round;
   * the reader then sees the chain as far as it goes, and the records stay staged, not lost.
   */
  public void awaitChained() {
    try {
      requestRound().get(chainWait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      LOG.warnf(
          "Audit records not chained within %s; they stay staged and are chained later", chainWait);
    } catch (ExecutionException e) {
      LOG.debugf("Audit chain round failed: %s", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Scheduled(
      every = "${margin-desk.audit.chain-sweep-interval:PT2S}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void sweep() {
    requestRound();
  }

  void onStop(@Observes ShutdownEvent event) {
    stopping = true;
    executor.shutdown();
    try {
      // Records already requested are chained before the database goes away; any left stay staged.
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void runRound() {
    CompletableFuture<Integer> round;
    synchronized (this) {
      round = nextRound;
      nextRound = null;
    }
    if (round == null) {
      return;
    }
    try {
      round.complete(chainCommitted());
    } catch (RuntimeException e) {
      if (stopping) {
        // The database went away under a round at shutdown: its records stay staged, and the
        // next start's first sweep chains them. Not a failure of the chain.
        LOG.debugf("Audit chain round stopped by shutdown: %s", e);
        round.completeExceptionally(e);
        return;
      }
      metrics.auditChainFailed();
      LOG.errorf(e, "Chaining staged audit records failed; they stay staged and are tried again");
      round.completeExceptionally(e);
    }
  }

  /** Links every staged record committed so far, a page per transaction. */
  int chainCommitted() {
    IngestionPressure.Deadline deadline = pressure.restrictionsDeadlineFromNow();
    int linked = 0;
    while (true) {
      pressure.yieldUntil(deadline);
      int[] page = QuarkusTransaction.requiringNew().call(this::chainPage);
      linked += page[1];
      vacuum.deleted(page[0]);
      if (page[0] < PAGE_SIZE) {
        return linked;
      }
    }
  }

  /**
   * @return the staged rows taken, and how many of them were linked (the rest were duplicates)
   */
  private int[] chainPage() {
    return em.unwrap(Session.class).doReturningWork(AuditChainer::chainPage);
  }

  private static int[] chainPage(Connection connection) throws SQLException {
    try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
      lock.setLong(1, CHAIN_LOCK);
      lock.execute();
    }
    List<Long> taken = new ArrayList<>();
    List<Long> linkedStaged = new ArrayList<>();
    List<String> bodies = new ArrayList<>();
    try (PreparedStatement staged = connection.prepareStatement(STAGED)) {
      staged.setInt(1, PAGE_SIZE);
      try (ResultSet rows = staged.executeQuery()) {
        while (rows.next()) {
          taken.add(rows.getLong(1));
          // A key already in the chain: a retried writer staged it again just as it was linked.
          if (!rows.getBoolean(2)) {
            linkedStaged.add(rows.getLong(1));
            bodies.add(AuditHashing.bodyOfCanonical(stagedRow(rows)));
          }
        }
      }
    }
    if (taken.isEmpty()) {
      return new int[] {0, 0};
    }
    if (!linkedStaged.isEmpty()) {
      link(connection, linkedStaged, bodies);
    }
    try (PreparedStatement delete =
        connection.prepareStatement(
            "DELETE FROM audit_staged s USING unnest(?) AS t(seq) WHERE s.staged_seq = t.seq")) {
      delete.setArray(1, connection.createArrayOf("bigint", taken.toArray()));
      delete.executeUpdate();
    }
    return new int[] {taken.size(), linkedStaged.size()};
  }

  /** Gives each record its place after the chain's tail and copies it into the chain. */
  private static void link(Connection connection, List<Long> staged, List<String> bodies)
      throws SQLException {
    long seq = 0;
    String prevHash = AuditHashing.GENESIS;
    try (PreparedStatement tail =
            connection.prepareStatement(
                "SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1");
        ResultSet row = tail.executeQuery()) {
      if (row.next()) {
        seq = row.getLong(1);
        prevHash = row.getString(2);
      }
    }
    int size = staged.size();
    Long[] seqs = new Long[size];
    String[] prevHashes = new String[size];
    String[] hashes = new String[size];
    for (int i = 0; i < size; i++) {
      seqs[i] = ++seq;
      prevHashes[i] = prevHash;
      hashes[i] = AuditHashing.hash(seq, bodies.get(i), prevHash);
      prevHash = hashes[i];
    }
    try (PreparedStatement insert = connection.prepareStatement(LINK)) {
      insert.setArray(1, connection.createArrayOf("bigint", staged.toArray()));
      insert.setArray(2, connection.createArrayOf("bigint", seqs));
      insert.setArray(3, connection.createArrayOf("text", prevHashes));
      insert.setArray(4, connection.createArrayOf("text", hashes));
      insert.executeUpdate();
    }
  }

  /**
   * The staged record as stored, from {@link #STAGED}'s third column on: the hash covers what the
   * chain will hold, the stored JSON text being canonical already (see {@link StagedRecords}).
   */
  private static AuditEventEntity stagedRow(ResultSet rows) throws SQLException {
    AuditEventEntity row = new AuditEventEntity();
    row.id = rows.getObject(3, UUID.class);
    row.eventKey = rows.getString(4);
    row.occurredAt = rows.getObject(5, OffsetDateTime.class).toInstant();
    row.actor = rows.getString(6);
    row.actorRoles = rows.getString(7);
    row.action = rows.getString(8);
    row.accountId = rows.getString(9);
    row.marginCallId = rows.getString(10);
    row.taskId = rows.getString(11);
    row.reason = rows.getString(12);
    row.before = rows.getString(13);
    row.after = rows.getString(14);
    row.details = rows.getString(15);
    row.workflowId = rows.getString(16);
    row.runId = rows.getString(17);
    row.requestId = rows.getString(18);
    return row;
  }

  // Whether a key is chained already is one index probe per staged record. As an EXISTS the
  // planner hashed every key of audit_event for each page: a scan of the whole trail per round.
  private static final String STAGED =
      "SELECT s.staged_seq, chained.seq IS NOT NULL, s.id, s.event_key, s.occurred_at, s.actor,"
          + " s.actor_roles, s.action, s.account_id, s.margin_call_id, s.task_id, s.reason,"
          + " s.before_state, s.after_state, s.details, s.workflow_id, s.run_id, s.request_id"
          + " FROM audit_staged s LEFT JOIN LATERAL (SELECT e.seq FROM audit_event e WHERE"
          + " e.event_key = s.event_key LIMIT 1) chained ON true ORDER BY s.staged_seq LIMIT ?";

  private static final String LINK =
      "INSERT INTO audit_event (seq, id, event_key, occurred_at, actor, actor_roles, action,"
          + " account_id, margin_call_id, task_id, reason, before_state, after_state, details,"
          + " workflow_id, run_id, request_id, prev_hash, hash) SELECT l.seq, s.id, s.event_key,"
          + " s.occurred_at, s.actor, s.actor_roles, s.action, s.account_id, s.margin_call_id,"
          + " s.task_id, s.reason, CAST(s.before_state AS jsonb), CAST(s.after_state AS jsonb),"
          + " CAST(s.details AS jsonb), s.workflow_id,"
          + " s.run_id, s.request_id, l.prev_hash, l.hash FROM unnest(?::bigint[], ?::bigint[],"
          + " ?::text[], ?::text[]) AS l(staged_seq, seq, prev_hash, hash) CROSS JOIN LATERAL"
          + " (SELECT * FROM audit_staged WHERE staged_seq = l.staged_seq LIMIT 1) s";
}
