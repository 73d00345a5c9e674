package org.margindesk.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.margindesk.api.MarginCallTestSupport.awaitAudit;
import static org.margindesk.api.MarginCallTestSupport.freshAccount;
import static org.margindesk.api.MarginCallTestSupport.openCall;
import static org.margindesk.api.MarginCallTestSupport.registerFacility;
import static org.margindesk.api.MarginCallTestSupport.snapshot;

import io.quarkus.test.junit.QuarkusTest;
import io.temporal.client.WorkflowClient;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.margindesk.activity.CallProgress;
import org.margindesk.activity.CallRecordActivities;
import org.margindesk.domain.CallStatus;
import org.margindesk.gateway.AccountControls;
import org.margindesk.gateway.SimulatedExchange;
import org.margindesk.service.LifecycleFixtures;
import org.margindesk.service.Poll;

/**
 * A breach that outlasts the call that heard it: whether an account needs a call is decided from
 * its state (in breach, no open call), not only from a change of assessment.
 */
@QuarkusTest
class BreachOutlastingACallTest {
  @Inject LifecycleFixtures fixtures;
  @Inject WorkflowClient client;
  @Inject CallRecordActivities records;
  @Inject SimulatedExchange exchange;

  @Test
  void givenABreachArrivingWhileTheCureIsApplied_whenTheCallClosesCured_thenANewCallRestricts() {
    String account = freshAccount("cure-race");
    registerFacility(account, null);
    String first = openCall(fixtures, account, "2026-11-22T10:00:00Z");
    // The workflow is busy applying the cure: it hears nothing more before it closes the call.
    client.newUntypedWorkflowStub(first).terminate("stands for a workflow applying a cure");
    assertThat(snapshot(account, "2026-11-22T10:05:00Z", "13000")).isEqualTo(first);
    assertThat(snapshot(account, "2026-11-22T10:06:00Z", "12000")).isEqualTo(first);

    close(first, account, CallStatus.CURED, "system");

    String second = openCallId(account);
    assertThat(second).isNotNull().isNotEqualTo(first);
    awaitAudit(fixtures, second, "CALL_OPENED");
    assertThat(exchange.restrictions(account).reduceOnly()).isTrue();
  }

  @Test
  void givenABreachAppliedAfterTheWaiverWasApproved_whenTheCallClosesWaived_thenANewCallOpens() {
    String account = freshAccount("waiver-race");
    registerFacility(account, null);
    String first = openCall(fixtures, account, "2026-11-22T10:00:00Z");
    client.newUntypedWorkflowStub(first).terminate("stands for a workflow applying a waiver");
    fixtures.execute(
        "INSERT INTO margin_call_waiver (id, margin_call_id, account_id, requested_by, reason,"
            + " requested_at, status, decided_by, decided_at) VALUES (?, ?, ?, 'supervisor',"
            + " 'feed error', now() - interval '2 minutes', 'APPROVED', 'supervisor2',"
            + " now() - interval '1 minute')",
        first + ":w-1",
        first,
        account);
    assertThat(snapshot(account, "2026-11-22T10:06:00Z", "11800")).isEqualTo(first);

    close(first, account, CallStatus.WAIVED, "supervisor2");

    String second = openCallId(account);
    assertThat(second).isNotNull().isNotEqualTo(first);
    awaitAudit(fixtures, second, "CALL_OPENED");
  }

  @Test
  void givenAnAccountStillInBreachWithNoOpenCall_whenAnUnchangedBreachArrives_thenACallOpens() {
    String account = freshAccount("no-call");
    registerFacility(account, null);
    String first = openCall(fixtures, account, "2026-11-22T10:00:00Z");
    client.newUntypedWorkflowStub(first).terminate("closed elsewhere");
    // The call closed while the account stayed in breach (as before the close-time check).
    fixtures.execute(
        "UPDATE margin_call SET status = 'CURED', closed_at = now() WHERE id = ?", first);

    String second = snapshot(account, "2026-11-22T10:10:00Z", "11900");

    assertThat(second).isNotNull().isNotEqualTo(first);
    awaitAudit(fixtures, second, "CALL_OPENED");
    Poll.until(
        MarginCallTestSupport.WAIT,
        "reduce-only",
        () -> !AccountControls.UNRESTRICTED.equals(exchange.restrictions(account)));
  }

  /** What the workflow's last step records when it closes the call. */
  private void close(String callId, String account, CallStatus status, String actor) {
    String outcome = status.name().toLowerCase(java.util.Locale.ROOT);
    records.recordProgress(
        new CallProgress(
            callId + ":status:" + outcome,
            callId,
            account,
            CallStatus.OPEN,
            status,
            null,
            true,
            outcome,
            actor,
            "CALL_" + status,
            null));
  }

  private String openCallId(String account) {
    return fixtures.text(
        "SELECT id FROM margin_call WHERE account_id = ? AND status IN ('OPEN', 'LIQUIDATING')",
        account);
  }
}
