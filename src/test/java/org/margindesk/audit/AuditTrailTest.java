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
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AuditTrailTest {
  @Inject AuditTrail trail;
  @Inject AuditChainVerifier verifier;
  @Inject AgroalDataSource dataSource;

  private final String run = UUID.randomUUID().toString().substring(0, 8);

  private AuditEventEntity appendInOwnTransaction(AuditRecord record) {
    return AuditTestSupport.appendChained(trail, record);
  }

  private static AuditEventEntity reload(long seq) {
    return QuarkusTransaction.requiringNew()
        .call(() -> AuditEventEntity.<AuditEventEntity>findById(seq));
  }

  @Test
  void givenJsonPostgresRewrites_whenTheRowIsReadBack_thenItsHashStillMatches() {
    String details =
        "{ \"z\": 1e2, \"a\": \"caf\\u00e9 😀 \\\"quoted\\\"\", \"amount\": 1.50,"
            + " \"big\": 123456789012345678901234567890.000000000000000000001,"
            + " \"nested\": [ {\"y\": -0.0, \"x\": 5e-4}, null, true ] }";
    AuditEventEntity appended =
        appendInOwnTransaction(
            AuditRecord.builder("hash-roundtrip:" + run, "operator", "test.roundtrip")
                .actorRoles("operator,viewer")
                .accountId("acct-" + run)
                .reason("naïve reason, with \"quotes\"\nand a newline")
                .before("{\"status\": \"OPEN\"}")
                .after("{\"status\": \"CURED\", \"by\": \"operator\"}")
                .details(details)
                .workflow("wf-" + run, "run-1")
                .requestId("req-" + run)
                .build());

    AuditEventEntity stored = reload(appended.seq);

    assertThat(stored.hash).isEqualTo(appended.hash).isEqualTo(AuditHashing.hash(stored));
    assertThat(AuditJson.parse(stored.details).get("z").asInt()).isEqualTo(100);
    assertThat(AuditJson.parse(stored.details).get("amount").decimalValue().toPlainString())
        .isEqualTo("1.50");
    assertThat(stored.occurredAt).isEqualTo(appended.occurredAt);
  }

  @Test
  void givenAnyFieldChanged_whenHashed_thenTheHashDiffers() {
    AuditEventEntity row =
        reload(
            appendInOwnTransaction(
                    AuditRecord.builder("hash-sensitivity:" + run, "system", "test.sensitivity")
                        .details("{\"a\":1}")
                        .build())
                .seq);
    String original = AuditHashing.hash(row);
    row.details = "{\"a\":2}";
    assertThat(AuditHashing.hash(row)).isNotEqualTo(original);
    row.details = "{\"a\":1}";
    row.accountId = "";
    assertThat(AuditHashing.hash(row)).as("empty is not null").isNotEqualTo(original);
    row.accountId = null;
    row.prevHash = "f".repeat(64);
    assertThat(AuditHashing.hash(row)).isNotEqualTo(original);
  }

  @Test
  void givenARetriedActivity_whenTheSameEventKeyIsAppendedTwice_thenOneRowAndTheSameSeq()
      throws SQLException {
    String key = AuditKeys.of("wf-" + run, "restrict");
    AuditRecord attempt =
        AuditRecord.builder(key, AuditRecord.SYSTEM, "restriction.applied")
            .accountId("acct-" + run)
            .build();
    AuditEventEntity first = appendInOwnTransaction(attempt);
    AuditEventEntity retry =
        appendInOwnTransaction(
            AuditRecord.builder(key, AuditRecord.SYSTEM, "restriction.applied")
                .accountId("acct-" + run)
                .reason("second attempt after a timeout")
                .build());

    assertThat(retry.seq).isEqualTo(first.seq);
    assertThat(retry.id).isEqualTo(first.id);
    assertThat(retry.reason).isNull();
    assertThat(countWhere("event_key", key)).isEqualTo(1);
  }

  @Test
  void givenAKeyChainedAlready_whenAppendedAgain_thenNoStagedCopyIsWritten() {
    String key = AuditKeys.of("chained-repeat", run);
    String fresh = AuditKeys.of("chained-repeat-new", run);
    appendInOwnTransaction(AuditRecord.builder(key, AuditRecord.SYSTEM, "test.repeat").build());

    long[] staged =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  trail.append(AuditRecord.builder(key, AuditRecord.SYSTEM, "test.repeat").build());
                  trail.append(AuditRecord.builder(fresh, AuditRecord.SYSTEM, "test.new").build());
                  // The transaction's own connection: it sees what this transaction staged.
                  return new long[] {stagedCount(key), stagedCount(fresh)};
                });

    assertThat(staged[0]).as("copy of the chained key").isZero();
    assertThat(staged[1]).as("the new key, in the same transaction").isEqualTo(1);
  }

  private long stagedCount(String key) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement =
            connection.prepareStatement("SELECT count(*) FROM audit_staged WHERE event_key = ?")) {
      statement.setString(1, key);
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  @Test
  void givenTheSameKeyTwiceInOneTransaction_whenAppended_thenOneRow() throws SQLException {
    String key = AuditKeys.of("same-tx", run);
    AuditRecord record = AuditRecord.builder(key, "operator", "test.same").build();
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              trail.append(record);
              trail.append(record);
            });
    trail.awaitChained();
    assertThat(countWhere("event_key", key)).isEqualTo(1);
  }

  @Test
  void givenInvalidJson_whenAppended_thenRejectedAndNothingStored() throws SQLException {
    String key = AuditKeys.of("bad-json", run);
    assertThatThrownBy(
            () ->
                appendInOwnTransaction(
                    AuditRecord.builder(key, "operator", "test.bad").details("{oops").build()))
        .hasRootCauseInstanceOf(com.fasterxml.jackson.core.JsonParseException.class);
    assertThat(countWhere("event_key", key)).isZero();
  }

  @Test
  void givenEightConcurrentWriters_whenEachAppends25_thenOneUnforkedContiguousChain()
      throws Exception {
    int writers = 8;
    int each = 25;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    List<Future<List<Long>>> results = new ArrayList<>();
    try {
      for (int w = 0; w < writers; w++) {
        int writer = w;
        Callable<List<Long>> task =
            () -> {
              List<Long> seqs = new ArrayList<>();
              for (int i = 0; i < each; i++) {
                seqs.add(
                    appendInOwnTransaction(
                            AuditRecord.builder(
                                    AuditKeys.of("concurrent", run, "w" + writer, "e" + i),
                                    "writer-" + writer,
                                    "test.concurrent")
                                .accountId("concurrent-" + run)
                                .details("{\"writer\":" + writer + ",\"i\":" + i + "}")
                                .build())
                        .seq);
              }
              return seqs;
            };
        results.add(pool.submit(task));
      }
      Set<Long> seqs = new HashSet<>();
      for (Future<List<Long>> result : results) {
        seqs.addAll(result.get(2, TimeUnit.MINUTES));
      }
      assertThat(seqs).hasSize(writers * each);
    } finally {
      pool.shutdownNow();
    }
    assertThat(countWhere("account_id", "concurrent-" + run)).isEqualTo(writers * each);

    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT count(*), min(seq), max(seq), count(DISTINCT prev_hash) FROM audit_event")) {
      rows.next();
      long count = rows.getLong(1);
      assertThat(rows.getLong(2)).as("first seq").isEqualTo(1);
      assertThat(rows.getLong(3)).as("seqs are contiguous").isEqualTo(count);
      assertThat(rows.getLong(4)).as("no two rows share a prevHash").isEqualTo(count);
    }
    ChainVerification verification = verifier.verify(37);
    assertThat(verification.valid()).isTrue();
    assertThat(verification.firstBrokenSeq()).isNull();
  }

  @Test
  void givenAnUntouchedChain_whenVerifiedInSmallPages_thenValidAndEveryRowChecked()
      throws SQLException {
    for (int i = 0; i < 5; i++) {
      appendInOwnTransaction(
          AuditRecord.builder(AuditKeys.of("verify", run, "" + i), "system", "test.verify")
              .build());
    }
    long before = countAll();
    ChainVerification verification = verifier.verify(2);
    long after = countAll();

    assertThat(verification.valid()).isTrue();
    assertThat(verification.firstBrokenSeq()).isNull();
    // Other tests' writers may append while the walk runs.
    assertThat(verification.checked()).isBetween(before, after);
    assertThat(verifier.verify().checked()).isGreaterThanOrEqualTo(before);
  }

  @Test
  void givenTheAppendOnlyTrigger_whenUpdateDeleteOrTruncate_thenEachIsRejected()
      throws SQLException {
    long seq =
        appendInOwnTransaction(
                AuditRecord.builder(AuditKeys.of("trigger", run), "system", "test.trigger")
                    .reason("original")
                    .build())
            .seq;
    for (String sql :
        List.of(
            "UPDATE audit_event SET reason = 'edited' WHERE seq = " + seq,
            "DELETE FROM audit_event WHERE seq = " + seq,
            "TRUNCATE audit_event")) {
      try (Connection connection = dataSource.getConnection()) {
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
          assertThatThrownBy(() -> statement.execute(sql))
              .as(sql)
              .isInstanceOf(SQLException.class)
              .hasMessageContaining("audit_event is append-only");
        } finally {
          // Had the trigger let it through, nothing is committed.
          connection.rollback();
        }
      }
    }
    AuditEventEntity row = reload(seq);
    assertThat(row.reason).isEqualTo("original");
  }

  private long countWhere(String column, String value) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT count(*) FROM audit_event WHERE " + column + " = ?")) {
      statement.setString(1, value);
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  private long countAll() throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT count(*) FROM audit_event")) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
