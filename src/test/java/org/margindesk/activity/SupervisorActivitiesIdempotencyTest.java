package org.margindesk.activity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.temporal.failure.ApplicationFailure;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.margindesk.domain.CallStatus;
import org.margindesk.domain.WaiverStatus;
import org.margindesk.service.LifecycleFixtures;
import org.margindesk.workflow.messages.values.LifecycleFailure;

/** Supervisors' records run at least once too: each, run twice, has one effect. */
@QuarkusTest
class SupervisorActivitiesIdempotencyTest {
  private static final long OPENED = Instant.parse("2026-11-22T10:00:00Z").toEpochMilli();
  private static final long DEADLINE = OPENED + Duration.ofHours(12).toMillis();

  @Inject LifecycleFixtures fixtures;
  @Inject CallRecordActivities records;
  @Inject SupervisorActivities supervisor;
  @Inject AgroalDataSource dataSource;

  @Test
  void givenExtensions_whenRecordedTwiceAndOutOfOrder_thenOneRowEachAndTheDeadlineNeverMovesBack() {
    String callId = openCall();
    ExtensionRecord first = extension(callId, "PT2H", DEADLINE, "PT2H");
    ExtensionRecord second = extension(callId, "PT3H", DEADLINE + hours(2), "PT5H");

    supervisor.recordExtension(first);
    supervisor.recordExtension(second);
    // A retry of the first that lands after the second.
    supervisor.recordExtension(first);

    assertThat(
            fixtures.count(
                "SELECT count(*) FROM margin_call_extension WHERE margin_call_id = ?", callId))
        .isEqualTo(2);
    assertThat(deadline(callId)).isEqualTo(Instant.ofEpochMilli(DEADLINE + hours(5)));
    assertThat(
            fixtures.count(
                "SELECT count(*) FROM audit_record WHERE margin_call_id = ? AND action = ?",
                callId,
                "DEADLINE_EXTENDED"))
        .isEqualTo(2);
    assertThat(
            fixtures.text(
                "SELECT actor || ' ' || reason FROM audit_record WHERE event_key = ?",
                first.eventKey()))
        .isEqualTo("supervisor partial top-up on its way");
  }

  @Test
  void givenAWaiverRequestAndDecision_whenEachRunsTwice_thenOneRowOneAuditEach() {
    String callId = openCall();
    String account = account(callId);
    WaiverRecord request = waiver(callId, account, "supervisor");
    WaiverDecisionRecord approval =
        new WaiverDecisionRecord(
            callId + ":waiver:" + request.waiverId() + ":decided",
            request.waiverId(),
            callId,
            account,
            WaiverStatus.APPROVED,
            "supervisor2",
            "agreed");

    supervisor.recordWaiverRequest(request);
    supervisor.recordWaiverRequest(request);
    supervisor.recordWaiverDecision(approval);
    supervisor.recordWaiverDecision(approval);

    assertThat(
            fixtures.text(
                "SELECT status || ' ' || requested_by || ' ' || decided_by FROM margin_call_waiver"
                    + " WHERE id = ?",
                request.waiverId()))
        .isEqualTo("APPROVED supervisor supervisor2");
    assertThat(
            fixtures.count(
                "SELECT count(*) FROM audit_record WHERE margin_call_id = ? AND action IN"
                    + " ('WAIVER_REQUESTED', 'WAIVER_APPROVED')",
                callId))
        .isEqualTo(2);
    assertThatThrownBy(
            () ->
                supervisor.recordWaiverDecision(
                    new WaiverDecisionRecord(
                        approval.eventKey() + ":other",
                        request.waiverId(),
                        callId,
                        account,
                        WaiverStatus.REJECTED,
                        "supervisor",
                        "too late")))
        .isInstanceOf(ApplicationFailure.class)
        .satisfies(
            e ->
                assertThat(((ApplicationFailure) e).getType())
                    .isEqualTo(LifecycleFailure.INVALID_TRANSITION.name()));
  }

  @Test
  void givenAPendingWaiver_whenAnotherIsRecorded_thenTheDatabaseRefusesIt() {
    String callId = openCall();
    String account = account(callId);
    supervisor.recordWaiverRequest(waiver(callId, account, "supervisor"));

    assertThatThrownBy(() -> supervisor.recordWaiverRequest(waiver(callId, account, "supervisor2")))
        .isInstanceOf(ApplicationFailure.class)
        .satisfies(
            e ->
                assertThat(((ApplicationFailure) e).getType())
                    .isEqualTo(LifecycleFailure.WAIVER_PENDING.name()));
    assertThat(
            fixtures.count(
                "SELECT count(*) FROM margin_call_waiver WHERE margin_call_id = ?", callId))
        .isEqualTo(1);
  }

  @Test
  void givenAWaiverRequest_whenItsRequesterIsWrittenAsApproverInSql_thenTheCheckRefusesIt()
      throws SQLException {
    String callId = openCall();
    WaiverRecord request = waiver(callId, account(callId), "supervisor");
    supervisor.recordWaiverRequest(request);

    try (Connection connection = dataSource.getConnection()) {
      assertThatThrownBy(
              () ->
                  connection
                      .createStatement()
                      .executeUpdate(
                          "UPDATE margin_call_waiver SET status = 'APPROVED', decided_by ="
                              + " requested_by, decided_at = now() WHERE id = '"
                              + request.waiverId()
                              + "'"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("check");
    }
  }

  private String openCall() {
    String account = fixtures.facility(null);
    String callId = "margin-call-" + account + "-1";
    records.recordOpened(
        new OpenedCall(
            callId,
            account,
            1,
            CallStatus.OPEN,
            "MARGIN_CALL",
            List.of("reason"),
            Map.of("maxExtension", "PT12H"),
            Map.of(),
            Map.of(),
            OPENED,
            DEADLINE));
    return callId;
  }

  private String account(String callId) {
    return fixtures.text("SELECT account_id FROM margin_call WHERE id = ?", callId);
  }

  private Instant deadline(String callId) {
    return Instant.parse(
        fixtures.text(
            "SELECT to_char(deadline AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM"
                + " margin_call WHERE id = ?",
            callId));
  }

  private ExtensionRecord extension(
      String callId, String extendBy, long previousDeadline, String total) {
    String id = UUID.randomUUID().toString();
    return new ExtensionRecord(
        callId + ":extension:" + id,
        id,
        callId,
        account(callId),
        extendBy,
        previousDeadline,
        previousDeadline + Duration.parse(extendBy).toMillis(),
        total,
        "supervisor",
        "partial top-up on its way");
  }

  private static WaiverRecord waiver(String callId, String account, String requestedBy) {
    String id = UUID.randomUUID().toString();
    return new WaiverRecord(
        callId + ":waiver:" + id + ":requested", id, callId, account, requestedBy, "feed glitch");
  }

  private static long hours(long hours) {
    return Duration.ofHours(hours).toMillis();
  }
}
