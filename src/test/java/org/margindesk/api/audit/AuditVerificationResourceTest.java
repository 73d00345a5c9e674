package org.margindesk.api.audit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.nullValue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.margindesk.audit.AuditEventEntity;
import org.margindesk.audit.AuditKeys;
import org.margindesk.audit.AuditRecord;
import org.margindesk.audit.AuditTestSupport;
import org.margindesk.audit.AuditTrail;

@QuarkusTest
class AuditVerificationResourceTest {
  private static final String PATH = "/api/v1/audit-events/verification";

  @Inject AuditTrail trail;
  @Inject AgroalDataSource dataSource;

  private final String run = UUID.randomUUID().toString().substring(0, 8);

  private AuditEventEntity append(String suffix, String reason) {
    AuditRecord record =
        AuditRecord.builder(AuditKeys.of("verification-test", run, suffix), "system", "test.verify")
            .reason(reason)
            .build();
    return AuditTestSupport.appendChained(trail, record);
  }

  private static JsonPath verification() {
    return given()
        .auth()
        .preemptive()
        .basic("supervisor", "supervisor")
        .get(PATH)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  @Test
  void givenAnUntouchedChain_whenVerified_thenValidAndEveryRowChecked() throws SQLException {
    append("a", "first");
    long seq = append("b", "second").seq;
    given()
        .auth()
        .preemptive()
        .basic("supervisor", "supervisor")
        .get(PATH)
        .then()
        .statusCode(200)
        .body("valid", equalTo(true))
        .body("checked", greaterThanOrEqualTo((int) seq))
        .body("firstBrokenSeq", nullValue());
  }

  /**
   * Edits a row the way only a superuser could, with the append-only trigger off. The row is put
   * back in the finally block: every later test shares this database and its chain.
   */
  @Test
  void givenARowEditedBehindTheTriggersBack_whenVerified_thenInvalidAtExactlyThatSeq()
      throws SQLException {
    append("before-tamper", "an earlier row");
    AuditEventEntity victim = append("tamper", "original reason");
    append("after-tamper", "a later row");
    assertThat(verification().getBoolean("valid")).as("the chain is intact beforehand").isTrue();

    try {
      setReasonBypassingTrigger(victim.seq, "nothing to see here");

      JsonPath result = verification();
      assertThat(result.getBoolean("valid")).isFalse();
      assertThat(result.getLong("firstBrokenSeq")).isEqualTo(victim.seq);
      assertThat(result.getLong("checked")).isEqualTo(victim.seq);
    } finally {
      setReasonBypassingTrigger(victim.seq, "original reason");
    }

    JsonPath repaired = verification();
    assertThat(repaired.getBoolean("valid")).isTrue();
    assertThat(repaired.get("firstBrokenSeq") == null).isTrue();
  }

  /** One transaction, so no other session ever sees the trigger disabled. */
  private void setReasonBypassingTrigger(long seq, String reason) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement();
          PreparedStatement update =
              connection.prepareStatement("UPDATE audit_event SET reason = ? WHERE seq = ?")) {
        statement.execute(
            "ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update_or_delete");
        update.setString(1, reason);
        update.setLong(2, seq);
        assertThat(update.executeUpdate()).isEqualTo(1);
        statement.execute("ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update_or_delete");
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    }
  }

  @Test
  void givenEachRole_whenVerifying_thenOnlySupervisors() {
    given().get(PATH).then().statusCode(401);
    given().auth().preemptive().basic("feed", "feed").get(PATH).then().statusCode(403);
    given().auth().preemptive().basic("viewer", "viewer").get(PATH).then().statusCode(403);
    given().auth().preemptive().basic("operator", "operator").get(PATH).then().statusCode(403);
    given().auth().preemptive().basic("supervisor", "supervisor").get(PATH).then().statusCode(200);
    given()
        .auth()
        .preemptive()
        .basic("supervisor2", "supervisor2")
        .get(PATH)
        .then()
        .statusCode(200);
  }
}
