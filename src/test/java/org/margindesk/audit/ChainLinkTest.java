package org.margindesk.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ChainLinkTest {

  private static List<AuditEventEntity> chain(int length) {
    List<AuditEventEntity> rows = new ArrayList<>();
    String previous = AuditHashing.GENESIS;
    for (int i = 1; i <= length; i++) {
      AuditEventEntity row = new AuditEventEntity();
      row.seq = i;
      row.id = UUID.nameUUIDFromBytes(("row" + i).getBytes());
      row.eventKey = "key-" + i;
      row.occurredAt = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i);
      row.actor = "system";
      row.actorRoles = "";
      row.action = "test.step";
      row.details = "{\"i\":" + i + "}";
      row.prevHash = previous;
      row.hash = AuditHashing.hash(row);
      previous = row.hash;
      rows.add(row);
    }
    return rows;
  }

  private static ChainVerification walk(List<AuditEventEntity> rows) {
    ChainLink link = new ChainLink();
    for (AuditEventEntity row : rows) {
      if (!link.accept(row)) {
        break;
      }
    }
    return link.result();
  }

  @Test
  void givenAnIntactChain_whenWalked_thenValidAndAllChecked() {
    assertThat(walk(chain(5))).isEqualTo(new ChainVerification(true, 5, null));
  }

  @Test
  void givenNoRows_whenWalked_thenValidAndNothingChecked() {
    assertThat(walk(List.of())).isEqualTo(new ChainVerification(true, 0, null));
  }

  @Test
  void givenAnEditedRow_whenWalked_thenBrokenAtThatRow() {
    List<AuditEventEntity> rows = chain(5);
    rows.get(2).reason = "edited";
    assertThat(walk(rows)).isEqualTo(new ChainVerification(false, 3, 3L));
  }

  @Test
  void givenAnEditedAndRehashedRow_whenWalked_thenBrokenAtTheNextRow() {
    List<AuditEventEntity> rows = chain(5);
    rows.get(2).details = "{\"i\":300}";
    rows.get(2).hash = AuditHashing.hash(rows.get(2));
    assertThat(walk(rows)).isEqualTo(new ChainVerification(false, 4, 4L));
  }

  @Test
  void givenARemovedRow_whenWalked_thenBrokenAtTheRowAfterTheGap() {
    List<AuditEventEntity> rows = chain(5);
    rows.remove(1);
    assertThat(walk(rows)).isEqualTo(new ChainVerification(false, 2, 3L));
  }

  @Test
  void givenTheFirstRowRemoved_whenWalked_thenBrokenAtTheNewFirstRow() {
    List<AuditEventEntity> rows = chain(3);
    rows.remove(0);
    assertThat(walk(rows)).isEqualTo(new ChainVerification(false, 1, 2L));
  }

  @Test
  void givenAJsonFieldRewrittenAsJsonbWould_whenWalked_thenStillValid() {
    List<AuditEventEntity> rows = chain(3);
    rows.get(1).details = "{\"i\": 2}";
    assertThat(walk(rows).valid()).isTrue();
  }
}
