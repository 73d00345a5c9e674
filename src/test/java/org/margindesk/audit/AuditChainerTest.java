package org.margindesk.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.margindesk.pacing.IngestionPressure;

/** Staging and chaining: writers never wait for the chain, and every record is chained once. */
@QuarkusTest
class AuditChainerTest {
  @Inject AuditTrail trail;
  @Inject AuditChainer chainer;
  @Inject AuditChainVerifier verifier;
  @Inject AgroalDataSource dataSource;
  @Inject IngestionPressure pressure;

  private final String run = UUID.randomUUID().toString().substring(0, 8);

  @Test
  void givenTheChainLockHeldElsewhere_whenAWriterAppends_thenItCommitsAndIsChainedOnceFreed()
      throws Exception {
    String key = AuditKeys.of("chainer-held", run);
    CompletableFuture<Integer> round;
    try (Connection holder = dataSource.getConnection()) {
      lock(holder, "pg_advisory_lock");
      // Under the old design this transaction waited for the lock until the holder let go.
      QuarkusTransaction.requiringNew()
          .run(() -> trail.append(AuditRecord.builder(key, "operator", "test.held").build()));

      assertThat(QuarkusTransaction.requiringNew().call(() -> trail.find(key).isPresent()))
          .isTrue();
      assertThat(count("audit_staged", key)).isEqualTo(1);
      assertThat(count("audit_event", key)).isZero();
      round = chainer.requestRound();
      lock(holder, "pg_advisory_unlock");
    }
    round.get(30, TimeUnit.SECONDS);

    assertThat(count("audit_staged", key)).isZero();
    assertThat(count("audit_event", key)).isEqualTo(1);
    assertThat(verifier.verify().valid()).isTrue();
  }

  @Test
  void givenBreachesBeingRestricted_whenARoundIsAskedFor_thenItWaitsUntilTheyAreDone()
      throws Exception {
    String key = AuditKeys.of("chainer-yields", run);
    // A round already past its wait (an earlier commit's, or the sweep's) ends before this returns.
    chainer.requestRound().get(30, TimeUnit.SECONDS);
    CompletableFuture<Integer> round;
    try (IngestionPressure.Request batch = pressure.enter()) {
      batch.restricting();
      QuarkusTransaction.requiringNew()
          .run(() -> trail.append(AuditRecord.builder(key, "operator", "test.yield").build()));
      round = chainer.requestRound();

      // Held for up to yield-to-restrictions (5 s): well past this wait.
      assertThatThrownBy(() -> round.get(300, TimeUnit.MILLISECONDS))
          .isInstanceOf(TimeoutException.class);
      assertThat(count("audit_staged", key)).isEqualTo(1);
      assertThat(count("audit_event", key)).isZero();
    }
    round.get(30, TimeUnit.SECONDS);

    assertThat(count("audit_staged", key)).isZero();
    assertThat(count("audit_event", key)).isEqualTo(1);
    assertThat(verifier.verify().valid()).isTrue();
  }

  @Test
  void givenAKeyStagedAgainAfterItWasChained_whenChained_thenTheCopyIsDroppedNotChainedTwice()
      throws Exception {
    String key = AuditKeys.of("chainer-copy", run);
    AuditEventEntity chained =
        AuditTestSupport.appendChained(
            trail, AuditRecord.builder(key, "operator", "test.copy").build());
    // What a retried writer leaves when it checked the key just before the chainer moved it.
    try (Connection connection = dataSource.getConnection();
        PreparedStatement stage =
            connection.prepareStatement(
                "INSERT INTO audit_staged (id, event_key, occurred_at, actor, actor_roles, action)"
                    + " VALUES (?, ?, now(), 'operator', '', 'test.copy')")) {
      stage.setObject(1, UUID.randomUUID());
      stage.setString(2, key);
      stage.executeUpdate();
    }

    chainer.requestRound().get(30, TimeUnit.SECONDS);

    assertThat(count("audit_staged", key)).isZero();
    assertThat(count("audit_event", key)).isEqualTo(1);
    assertThat(AuditTestSupport.chained(key).seq).isEqualTo(chained.seq);
    assertThat(verifier.verify().valid()).isTrue();
  }

  @Test
  void givenRecordsStagedButNeverChained_whenTheSweepRuns_thenTheyAreChainedInOrder()
      throws Exception {
    String first = AuditKeys.of("chainer-left", run, "1");
    String second = AuditKeys.of("chainer-left", run, "2");
    try (Connection holder = dataSource.getConnection()) {
      // Held, as if the instance died right after committing: its round never ran.
      lock(holder, "pg_advisory_lock");
      QuarkusTransaction.requiringNew()
          .run(
              () -> {
                trail.append(AuditRecord.builder(first, "operator", "test.left").build());
                trail.append(AuditRecord.builder(second, "operator", "test.left").build());
              });
      lock(holder, "pg_advisory_unlock");
    }

    chainer.sweep();
    trail.awaitChained();

    AuditEventEntity one = AuditTestSupport.chained(first);
    AuditEventEntity two = AuditTestSupport.chained(second);
    assertThat(two.seq).isGreaterThan(one.seq);
    assertThat(count("audit_staged", first) + count("audit_staged", second)).isZero();
    assertThat(verifier.verify().valid()).isTrue();
  }

  @Test
  void givenARowStagedWithoutTheWriter_whenChained_thenItsHashCoversTheStoredColumns()
      throws Exception {
    String key = AuditKeys.of("chainer-stored", run);
    // As a row staged by an earlier version, or by hand: the chainer hashes what the row holds.
    try (Connection connection = dataSource.getConnection();
        PreparedStatement stage =
            connection.prepareStatement(
                "INSERT INTO audit_staged (id, event_key, occurred_at, actor, actor_roles, action,"
                    + " account_id, reason, details) VALUES (?, ?,"
                    + " '2026-12-04T10:00:00.123456Z', 'operator', 'operator', 'test.stored',"
                    + " 'acct-1', 'café \uD83D\uDE00', '{\"a\":1}')")) {
      stage.setObject(1, UUID.randomUUID());
      stage.setString(2, key);
      stage.executeUpdate();
    }

    chainer.requestRound().get(30, TimeUnit.SECONDS);

    AuditEventEntity chained = AuditTestSupport.chained(key);
    assertThat(chained.reason).isEqualTo("café \uD83D\uDE00");
    assertThat(chained.occurredAt).hasToString("2026-12-04T10:00:00.123456Z");
    assertThat(chained.hash).isEqualTo(AuditHashing.hash(chained));
    assertThat(verifier.verify().valid()).isTrue();
  }

  @Test
  void givenAWritersRoundStillGathering_whenAReaderAsks_thenBothRoundsCompleteWithTheRecordChained()
      throws Exception {
    String key = AuditKeys.of("chainer-gather", run);
    QuarkusTransaction.requiringNew()
        .run(() -> trail.append(AuditRecord.builder(key, "operator", "test.gather").build()));

    // The commit asked for a gathering round; a writer's request joins it, a reader's makes it (or
    // a round after it) start at once. Whichever task finds the round gone does nothing.
    CompletableFuture<Integer> writers = chainer.requestRoundSoon();
    CompletableFuture<Integer> reader = chainer.requestRound();

    reader.get(30, TimeUnit.SECONDS);
    assertThat(count("audit_staged", key)).isZero();
    assertThat(count("audit_event", key)).isEqualTo(1);
    writers.get(30, TimeUnit.SECONDS);
    assertThat(verifier.verify().valid()).isTrue();
  }

  @Test
  void givenEnoughRecordsChainedSinceTheLastVacuum_whenTheRoundEnds_thenTheStagingTableIsVacuumed()
      throws Exception {
    long vacuumsBefore = stagingVacuums();
    List<AuditRecord> records = new ArrayList<>();
    for (int i = 0; i < StagingVacuum.DELETED_BETWEEN_VACUUMS; i++) {
      records.add(
          AuditRecord.builder(AuditKeys.of("chainer-vacuum", run, "" + i), "operator", "test.vac")
              .build());
    }
    QuarkusTransaction.requiringNew().run(() -> trail.appendAll(records));

    chainer.requestRound().get(30, TimeUnit.SECONDS);

    // The rounds that deleted these rows counted at least the threshold between them, and the
    // vacuum runs on the chainer's thread before the round completes.
    assertThat(stagingVacuums()).isGreaterThan(vacuumsBefore);
    assertThat(count("audit_event", AuditKeys.of("chainer-vacuum", run, "0"))).isEqualTo(1);
    assertThat(verifier.verify().valid()).isTrue();
  }

  private long stagingVacuums() throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT vacuum_count FROM pg_stat_user_tables WHERE relname = 'audit_staged'");
        ResultSet rows = statement.executeQuery()) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private static void lock(Connection connection, String function) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement("SELECT " + function + "(?)")) {
      statement.setLong(1, AuditChainer.CHAIN_LOCK);
      statement.execute();
    }
  }

  private long count(String table, String key) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement =
            connection.prepareStatement("SELECT count(*) FROM " + table + " WHERE event_key = ?")) {
      statement.setString(1, AuditKeys.fit(key));
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }
}
