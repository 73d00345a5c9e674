package org.margindesk.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AuditTimelineTest {
  @Inject AuditTrail trail;
  @Inject AuditTimeline timeline;

  private final String run = UUID.randomUUID().toString().substring(0, 8);

  private AuditEventEntity append(String key, String actor, String action, String call) {
    AuditRecord record =
        AuditRecord.builder(AuditKeys.of("timeline-test", run, key), actor, action)
            .marginCallId(call)
            .reason(action + " by " + actor)
            .details("{\"step\":\"" + key + "\"}")
            .build();
    return AuditTestSupport.appendChained(trail, record);
  }

  @Test
  void givenEventsForTwoCalls_whenTheTimelineIsBuilt_thenOnlyThatCallsStepsInSeqOrder() {
    String call = "mc-" + run;
    AuditEventEntity opened = append("open", AuditRecord.SYSTEM, "call.opened", call);
    append("other", AuditRecord.SYSTEM, "call.opened", "mc-other-" + run);
    AuditEventEntity claimed = append("claim", "operator", "task.claimed", call);
    AuditEventEntity cured = append("cure", "supervisor", "call.cured", call);

    List<TimelineEntry> entries = timeline.forMarginCall(call);

    assertThat(entries)
        .extracting(TimelineEntry::seq)
        .containsExactly(opened.seq, claimed.seq, cured.seq);
    assertThat(entries)
        .extracting(TimelineEntry::actor)
        .containsExactly(AuditRecord.SYSTEM, "operator", "supervisor");
    assertThat(entries)
        .extracting(TimelineEntry::action)
        .containsExactly("call.opened", "task.claimed", "call.cured");
    assertThat(entries.get(1).reason()).isEqualTo("task.claimed by operator");
    assertThat(entries.get(1).at()).isEqualTo(claimed.occurredAt);
    assertThat(entries.get(2).details().get("step").asText()).isEqualTo("cure");
  }

  @Test
  void givenAnUnknownCall_whenTheTimelineIsBuilt_thenEmpty() {
    assertThat(timeline.forMarginCall("mc-unknown-" + run)).isEmpty();
  }
}
