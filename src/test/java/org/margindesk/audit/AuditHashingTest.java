package org.margindesk.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AuditHashingTest {

  private static AuditEventEntity row(String before, String after, String details) {
    AuditEventEntity row = new AuditEventEntity();
    row.id = UUID.fromString("3f2b8c1e-0000-4000-8000-000000000001");
    row.eventKey = "snapshot:1:assessment";
    row.occurredAt = Instant.parse("2026-12-02T10:00:00.123456789Z");
    row.actor = "feed";
    row.actorRoles = "feed";
    row.action = "ASSESSMENT_CHANGED";
    row.accountId = "acct-1";
    row.before = before;
    row.after = after;
    row.details = details;
    return row;
  }

  @Test
  void givenCanonicalJsonFields_whenTheBodyIsTakenWithoutParsingThem_thenItIsTheSameBody() {
    String before = "{ \"assessment\" : \"HEALTHY\" }";
    String after =
        "{\"reasons\":[{\"rule\":\"CAB\",\"value\":1.20}], \"assessment\":\"MARGIN_CALL\"}";
    String details = "{\"z\":null,\"a\":{\"y\":2,\"b\":\"\\u00e9\"},\"amount\":\"12000.50\"}";
    AuditEventEntity raw = row(before, after, details);
    AuditEventEntity stored =
        row(AuditJson.canonical(before), AuditJson.canonical(after), AuditJson.canonical(details));

    assertThat(AuditHashing.bodyOfCanonical(stored)).isEqualTo(AuditHashing.body(raw));
    assertThat(AuditHashing.bodyOfCanonical(stored)).isEqualTo(AuditHashing.body(stored));
  }

  @Test
  void givenNoJsonFields_whenTheBodyIsTaken_thenBothWaysAgree() {
    AuditEventEntity row = row(null, null, null);

    assertThat(AuditHashing.bodyOfCanonical(row)).isEqualTo(AuditHashing.body(row));
  }
}
