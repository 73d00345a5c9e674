package org.margindesk.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.margindesk.workflow.CallInputFixtures.allAutomatic;
import static org.margindesk.workflow.CallInputFixtures.input;

import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.margindesk.domain.Assessment;
import org.margindesk.domain.CallStatus;
import org.margindesk.domain.WaiverStatus;
import org.margindesk.workflow.messages.commands.AssessmentNotice;
import org.margindesk.workflow.messages.commands.CallInput;
import org.margindesk.workflow.messages.commands.EscalationRequest;
import org.margindesk.workflow.messages.commands.ExtensionRequest;
import org.margindesk.workflow.messages.commands.WaiverDecision;
import org.margindesk.workflow.messages.commands.WaiverRequest;
import org.margindesk.workflow.messages.queries.CallState;
import org.margindesk.workflow.messages.queries.StateQuery;
import org.margindesk.workflow.messages.values.CallOutcome;
import org.margindesk.workflow.messages.values.EscalationResult;
import org.margindesk.workflow.messages.values.ExtensionGranted;
import org.margindesk.workflow.messages.values.LifecycleFailure;
import org.margindesk.workflow.messages.values.PendingWaiver;
import org.margindesk.workflow.messages.values.WaiverResult;

/**
 * Supervisors' actions on a call, with skipped time: extensions move the deadline within the
 * allowance, an escalation liquidates at once, a waiver needs a second supervisor. Refused requests
 * are refused by the update validators with a typed failure and leave nothing behind.
 */
class MarginCallSupervisorActionsTest {
  private static final long HOUR = Duration.ofHours(1).toMillis();

  @RegisterExtension static final TestWorkflowExtension temporal = WorkflowTestBed.extension();

  private WorkflowTestBed bed;
  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private RecordingActivities activities;

  @BeforeEach
  void setUp(TestWorkflowEnvironment testEnv, Worker worker, WorkflowOptions options) {
    bed = new WorkflowTestBed(testEnv, worker, options);
    env = bed.env;
    client = bed.client;
    activities = bed.activities;
  }

  private MarginCallWorkflow start(CallInput input) {
    return bed.start(input);
  }

  private CallOutcome result(CallInput input) {
    return bed.result(input);
  }

  @Test
  void givenAnOpenCall_whenTheDeadlineIsExtended_thenItEscalatesAtTheNewDeadlineNotTheOld() {
    long openedAt = env.currentTimeMillis();
    CallInput input = input("acc-extend", Assessment.MARGIN_CALL, openedAt, allAutomatic());
    MarginCallWorkflow workflow = start(input);
    bed.settled(workflow, s -> s.status() == CallStatus.OPEN);
    env.sleep(Duration.ofHours(3));

    ExtensionGranted granted =
        workflow.extendDeadline(new ExtensionRequest("supervisor", "PT6H", "top-up in transit"));

    assertThat(granted.newDeadlineMillis()).isEqualTo(input.deadlineMillis() + 6 * HOUR);
    assertThat(granted.totalExtension()).isEqualTo("PT6H");
    assertThat(granted.remainingExtension()).isEqualTo("PT6H");
    assertThat(workflow.state(new StateQuery()).deadlineMillis())
        .isEqualTo(granted.newDeadlineMillis());
    assertThat(result(input).status()).isEqualTo(CallStatus.LIQUIDATED);
    RecordingActivities.Effect escalation = effect("status:LIQUIDATING");
    assertThat(escalation.what())
        .isEqualTo("status:LIQUIDATING:CALL_ESCALATED_DEADLINE_EXPIRED:system");
    assertThat(escalation.atMillis()).isGreaterThanOrEqualTo(granted.newDeadlineMillis());
    // The reminders follow the new deadline: six and one hour before it, not before the old one.
    List<RecordingActivities.Effect> reminders =
        activities.effects().stream().filter(e -> e.what().equals("notify:REMINDER")).toList();
    assertThat(reminders).hasSize(2);
    assertThat(reminders.get(0).atMillis())
        .isBetween(granted.newDeadlineMillis() - 6 * HOUR, granted.newDeadlineMillis() - 5 * HOUR);
    assertThat(reminders.get(1).atMillis())
        .isBetween(granted.newDeadlineMillis() - HOUR, granted.newDeadlineMillis());
    assertThat(activities.whats()).containsOnlyOnce("extension:PT6H:supervisor");
  }

  @Test
  void givenRemindersAlreadySent_whenTheDeadlineIsExtended_thenTheNewDeadlinesRemindersGoOutToo() {
    CallInput input =
        input("acc-remind-again", Assessment.MARGIN_CALL, env.currentTimeMillis(), allAutomatic());
    MarginCallWorkflow workflow = start(input);
    bed.settled(workflow, s -> s.status() == CallStatus.OPEN);
    env.sleep(Duration.ofMinutes(11 * 60 + 30));
    bed.settled(workflow, s -> s.remindersSent().size() == 2);

    ExtensionGranted granted =
        workflow.extendDeadline(new ExtensionRequest("supervisor", "PT6H", "wire confirmed"));
    result(input);

    List<RecordingActivities.Effect> reminders =
        activities.effects().stream().filter(e -> e.what().equals("notify:REMINDER")).toList();
    String newDeadline = java.time.Instant.ofEpochMilli(granted.newDeadlineMillis()).toString();
    assertThat(reminders)
        .extracting(RecordingActivities.Effect::key)
        .containsExactly(
            input.callId() + ":reminder:PT6H",
            input.callId() + ":reminder:PT1H",
            input.callId() + ":reminder:PT6H:" + newDeadline,
            input.callId() + ":reminder:PT1H:" + newDeadline);
    assertThat(reminders.get(2).atMillis())
        .isBetween(granted.newDeadlineMillis() - 6 * HOUR, granted.newDeadlineMillis() - 5 * HOUR);
    assertThat(reminders.get(3).atMillis())
        .isBetween(granted.newDeadlineMillis() - HOUR, granted.newDeadlineMillis());
    assertThat(effect("status:LIQUIDATING").atMillis())
        .isGreaterThanOrEqualTo(granted.newDeadlineMillis());
  }

  @Test
  void
      givenAnOpenCall_whenExtensionsExceedTheAllowance_thenTheValidatorRefusesNamingTheRemainder() {
    CallInput input = input("acc-cap", Assessment.MARGIN_CALL, env.currentTimeMillis());
    MarginCallWorkflow workflow = start(input);
    bed.settled(workflow, s -> s.status() == CallStatus.OPEN);
    workflow.extendDeadline(new ExtensionRequest("supervisor", "PT8H", "partial top-up"));

    LifecycleFailure.Refused refused =
        refusal(() -> workflow.extendDeadline(new ExtensionRequest("supervisor2", "PT5H", "more")));

    assertThat(refused.type()).isEqualTo(LifecycleFailure.EXTENSION_CAP);
    assertThat(refused.message()).startsWith("over the cap").contains("remaining allowance PT4H");
    ExtensionGranted last =
        workflow.extendDeadline(new ExtensionRequest("supervisor2", "PT4H", "the rest"));
    assertThat(last.remainingExtension()).isEqualTo("PT0S");
    assertThat(last.newDeadlineMillis()).isEqualTo(input.deadlineMillis() + 12 * HOUR);
    assertThat(
            refusal(
                    () ->
                        workflow.extendDeadline(
                            new ExtensionRequest("supervisor", "PT1M", "one more minute")))
                .type())
        .isEqualTo(LifecycleFailure.EXTENSION_CAP);
    assertThat(activities.whats())
        .filteredOn(what -> what.startsWith("extension:"))
        .containsExactly("extension:PT8H:supervisor", "extension:PT4H:supervisor2");
    assertThat(acceptedUpdates(input)).isEqualTo(2);
  }

  @Test
  void givenAnOpenCall_whenASupervisorEscalates_thenLiquidationStartsAtOnceUnderTheirName() {
    long openedAt = env.currentTimeMillis();
    CallInput input = input("acc-escalate", Assessment.MARGIN_CALL, openedAt, allAutomatic());
    MarginCallWorkflow workflow = start(input);
    bed.settled(workflow, s -> s.status() == CallStatus.OPEN);
    env.sleep(Duration.ofHours(1));

    EscalationResult escalated =
        workflow.escalateNow(new EscalationRequest("supervisor", "holder unreachable"));

    assertThat(escalated.status()).isEqualTo(CallStatus.LIQUIDATING);
    assertThat(result(input).status()).isEqualTo(CallStatus.LIQUIDATED);
    RecordingActivities.Effect escalation = effect("status:LIQUIDATING");
    assertThat(escalation.what())
        .isEqualTo("status:LIQUIDATING:CALL_ESCALATED_BY_SUPERVISOR:supervisor");
    assertThat(escalation.atMillis() - openedAt).isLessThan(2 * HOUR);
    assertThat(activities.whats())
        .containsSubsequence(
            "status:LIQUIDATING:CALL_ESCALATED_BY_SUPERVISOR:supervisor",
            "step:DISABLE_TRADING_AND_WITHDRAWALS",
            "notify:LIQUIDATION_STARTED",
            "step:CLOSE_ALL_POSITIONS",
            "step:RECLAIM_MARGIN_PLUS_FUNDS",
            "step:CANCEL_MARGIN_PLUS",
            "step:RESTORE_ACCOUNT_CONTROL",
            "status:LIQUIDATED:CALL_LIQUIDATED:system")
        .doesNotContain("notify:REMINDER");
  }

  @Test
  void
      givenAWaiverRequest_whenAnotherSupervisorApproves_thenTheCallIsWaivedAndRestrictionsLifted() {
    CallInput input = input("acc-waive", Assessment.MARGIN_CALL, env.currentTimeMillis());
    MarginCallWorkflow workflow = start(input);
    bed.settled(workflow, s -> s.status() == CallStatus.OPEN);

    WaiverResult requested =
        workflow.requestWaiver(new WaiverRequest("supervisor", "exchange error in the feed"));
    LifecycleFailure.Refused selfApproval =
        refusal(
            () ->
                workflow.approveWaiver(
                    new WaiverDecision(requested.waiverId(), "supervisor", null)));
    WaiverResult approved =
        workflow.approveWaiver(new WaiverDecision(requested.waiverId(), "supervisor2", "agreed"));

    assertThat(requested.status()).isEqualTo(WaiverStatus.PENDING);
    assertThat(selfApproval.type()).isEqualTo(LifecycleFailure.FORBIDDEN);
    assertThat(selfApproval.message()).contains("self-approval");
    assertThat(approved.status()).isEqualTo(WaiverStatus.APPROVED);
    assertThat(approved.callStatus()).isEqualTo(CallStatus.WAIVED);
    CallOutcome outcome = result(input);
    assertThat(outcome.status()).isEqualTo(CallStatus.WAIVED);
    assertThat(outcome.outcome()).contains("supervisor2");
    assertThat(activities.whats())
        .containsSubsequence(
            "waiver:REQUESTED:supervisor",
            "waiver:APPROVED:supervisor2",
            "gateway:REDUCE_ONLY=false",
            "gateway:WITHDRAWALS=true",
            "notify:CALL_WAIVED",
            "status:WAIVED:CALL_WAIVED:supervisor2")
        .doesNotContain("notify:LIQUIDATION_STARTED", "facility:CANCELLED");
    assertThat(activities.restrictionActor(input.callId() + ":waive:reduce-only-off"))
        .isEqualTo("supervisor2");
    assertThat(activities.restrictionActor(input.callId() + ":waive:withdrawals-on"))
        .isEqualTo("supervisor2");
    assertThat(acceptedUpdates(input)).as("the self-approval never entered history").isEqualTo(2);
  }

  @Test
  void givenAPendingWaiver_whenRejected_thenItIsDiscardedAndAnotherCanBeRequested() {
    CallInput input = input("acc-reject", Assessment.MARGIN_CALL, env.currentTimeMillis());
    MarginCallWorkflow workflow = start(input);
    bed.settled(workflow, s -> s.status() == CallStatus.OPEN);
    WaiverResult first =
        workflow.requestWaiver(new WaiverRequest("supervisor", "looks like a feed glitch"));

    LifecycleFailure.Refused second =
        refusal(() -> workflow.requestWaiver(new WaiverRequest("supervisor2", "me too")));
    WaiverResult rejected =
        workflow.rejectWaiver(
            new WaiverDecision(first.waiverId(), "supervisor2", "the feed was right"));
    LifecycleFailure.Refused approveRejected =
        refusal(
            () ->
                workflow.approveWaiver(
                    new WaiverDecision(first.waiverId(), "supervisor2", "changed my mind")));
    WaiverResult again = workflow.requestWaiver(new WaiverRequest("supervisor2", "second opinion"));

    assertThat(second.type()).isEqualTo(LifecycleFailure.WAIVER_PENDING);
    assertThat(rejected.status()).isEqualTo(WaiverStatus.REJECTED);
    assertThat(rejected.callStatus()).isEqualTo(CallStatus.OPEN);
    assertThat(approveRejected.type()).isEqualTo(LifecycleFailure.WRONG_STATUS);
    assertThat(approveRejected.message()).contains("already REJECTED");
    assertThat(again.status()).isEqualTo(WaiverStatus.PENDING);
    assertThat(workflow.state(new StateQuery()).pendingWaivers())
        .extracting(PendingWaiver::waiverId)
        .containsExactly(again.waiverId());

    // A cure closes the call; the request still pending is closed by the system.
    workflow.assessmentChanged(
        new AssessmentNotice(Assessment.HEALTHY, List.of("topped up"), "snap-2", 0));
    assertThat(result(input).status()).isEqualTo(CallStatus.CURED);
    assertThat(activities.whats())
        .containsSubsequence(
            "waiver:REQUESTED:supervisor",
            "waiver:REJECTED:supervisor2",
            "waiver:REQUESTED:supervisor2",
            "status:CURED:CALL_CURED:system",
            "waiver:REJECTED:system");
  }

  @Test
  void givenALiquidatingCall_whenSupervisorsAct_thenEveryValidatorRefusesAndNothingIsRecorded() {
    CallInput input = input("acc-wrong-status", Assessment.LIQUIDATION, env.currentTimeMillis());
    MarginCallWorkflow workflow = start(input);
    String closeTask = input.callId() + ":close-all-positions";
    bed.settled(workflow, s -> closeTask.equals(s.awaitedTaskId()));
    List<String> before = activities.whats();

    List<LifecycleFailure.Refused> refusals =
        List.of(
            refusal(
                () -> workflow.extendDeadline(new ExtensionRequest("supervisor", "PT1H", "why"))),
            refusal(() -> workflow.escalateNow(new EscalationRequest("supervisor", "now"))),
            refusal(() -> workflow.requestWaiver(new WaiverRequest("supervisor", "forgive"))),
            refusal(() -> workflow.approveWaiver(new WaiverDecision("w-1", "supervisor2", null))));

    assertThat(refusals)
        .allSatisfy(
            failure -> {
              assertThat(failure.type()).isEqualTo(LifecycleFailure.WRONG_STATUS);
              assertThat(failure.message()).contains("is LIQUIDATING");
            });
    assertThat(activities.whats()).isEqualTo(before);
    assertThat(acceptedUpdates(input)).isZero();
  }

  @Test
  void givenMalformedRequests_whenSent_thenTheValidatorNamesTheField() {
    CallInput input = input("acc-invalid", Assessment.MARGIN_CALL, env.currentTimeMillis());
    MarginCallWorkflow workflow = start(input);
    bed.settled(workflow, s -> s.status() == CallStatus.OPEN);

    assertThat(
            field(() -> workflow.extendDeadline(new ExtensionRequest("supervisor", "PT6H", " "))))
        .isEqualTo("reason");
    assertThat(
            field(
                () -> workflow.escalateNow(new EscalationRequest("supervisor", "x".repeat(1001)))))
        .isEqualTo("reason");
    assertThat(
            field(() -> workflow.extendDeadline(new ExtensionRequest("supervisor", "6h", "why"))))
        .isEqualTo("extendBy");
    assertThat(
            field(() -> workflow.extendDeadline(new ExtensionRequest("supervisor", "PT0S", "why"))))
        .isEqualTo("extendBy");
    assertThat(field(() -> workflow.requestWaiver(new WaiverRequest(" ", "why"))))
        .isEqualTo("actor");
    assertThat(acceptedUpdates(input)).isZero();
    assertThat(activities.whats()).noneMatch(what -> what.startsWith("extension:"));
  }

  @Test
  void givenExtensionsAndAPendingWaiver_whenTheRunIsReplacedFromItsResumeState_thenBothCarryOver() {
    CallInput input = input("acc-carry", Assessment.MARGIN_CALL, env.currentTimeMillis());
    MarginCallWorkflow workflow = start(input);
    bed.settled(workflow, s -> s.status() == CallStatus.OPEN);
    workflow.extendDeadline(new ExtensionRequest("supervisor", "PT5H", "top-up in transit"));
    WaiverResult waiver =
        workflow.requestWaiver(new WaiverRequest("supervisor", "duplicate breach report"));

    // What continue-as-new would carry right now (snapshot() builds the same ResumeState).
    CallState state = workflow.state(new StateQuery());
    assertThat(state.resume().extensionTotal()).isEqualTo("PT5H");
    assertThat(state.resume().pendingWaivers())
        .singleElement()
        .satisfies(
            pending -> {
              assertThat(pending.waiverId()).isEqualTo(waiver.waiverId());
              assertThat(pending.requestedBy()).isEqualTo("supervisor");
              assertThat(pending.reason()).isEqualTo("duplicate breach report");
            });

    client.newUntypedWorkflowStub(input.callId()).terminate("replaced by a new run");
    CallInput next = input.withDeadline(state.deadlineMillis()).withResume(state.resume());
    MarginCallWorkflow replaced = start(next);
    bed.settled(replaced, s -> s.status() == CallStatus.OPEN);

    LifecycleFailure.Refused overCap =
        refusal(() -> replaced.extendDeadline(new ExtensionRequest("supervisor", "PT8H", "x")));
    assertThat(overCap.message()).contains("remaining allowance PT7H");
    assertThat(
            refusal(() -> replaced.requestWaiver(new WaiverRequest("supervisor2", "again"))).type())
        .isEqualTo(LifecycleFailure.WAIVER_PENDING);
    replaced.approveWaiver(new WaiverDecision(waiver.waiverId(), "supervisor2", null));
    assertThat(result(next).status()).isEqualTo(CallStatus.WAIVED);
  }

  private RecordingActivities.Effect effect(String prefix) {
    return activities.effects().stream()
        .filter(e -> e.what().startsWith(prefix))
        .findFirst()
        .orElseThrow();
  }

  private long acceptedUpdates(CallInput input) {
    return client.fetchHistory(input.callId()).getEvents().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED)
        .count();
  }

  /** The typed refusal of a validator, decoded from what the client receives. */
  private static LifecycleFailure.Refused refusal(Runnable update) {
    WorkflowUpdateException refused =
        catchThrowableOfType(WorkflowUpdateException.class, update::run);
    assertThat(refused).as("the update must be refused").isNotNull();
    assertThat(refused.getCause()).isInstanceOf(ApplicationFailure.class);
    String message = ((ApplicationFailure) refused.getCause()).getOriginalMessage();
    return LifecycleFailure.decode(message)
        .orElseThrow(() -> new AssertionError("not a typed refusal: " + message));
  }

  private static String field(Runnable update) {
    LifecycleFailure.Refused failure = refusal(update);
    assertThat(failure.type()).isEqualTo(LifecycleFailure.INVALID_INPUT);
    return failure.field();
  }
}
