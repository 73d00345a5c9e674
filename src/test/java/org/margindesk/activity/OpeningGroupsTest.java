package org.margindesk.activity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.margindesk.activity.OpeningFixtures.escalation;
import static org.margindesk.activity.OpeningFixtures.liquidatingOpening;
import static org.margindesk.activity.OpeningFixtures.liquidationStart;
import static org.margindesk.activity.OpeningFixtures.marginCallOpening;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.temporal.failure.ApplicationFailure;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.margindesk.audit.AuditTrail;
import org.margindesk.notification.NotificationOutbox;
import org.margindesk.service.LifecycleFixtures;
import org.margindesk.workflow.messages.values.LifecycleFailure;

/**
 * Openings recorded at the same moment share a transaction: each is still written once, answers for
 * itself, and fails alone; a call whose row another transaction holds is written alone, after.
 */
@QuarkusTest
class OpeningGroupsTest {
  @Inject LifecycleFixtures fixtures;
  @Inject CallRecordActivitiesImpl records;
  @Inject AuditTrail auditTrail;
  @Inject AgroalDataSource dataSource;

  private static final String LIQUIDATING_OPENING =
      "CALL_OPENED,CALL_ESCALATED_DEADLINE_EXPIRED,LIQUIDATION_STEP_STARTED";

  @Test
  void givenOpeningsRecordedAtOnce_whenRepeated_thenEachIsWrittenOnceAndAnswersForItself()
      throws Exception {
    List<CallOpening> openings = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      String account = fixtures.facility(null);
      String callId = "margin-call-" + account + "-1";
      openings.add(i % 2 == 0 ? margin(callId, account) : liquidating(callId, account));
    }

    List<List<String>> first = allAtOnce(openings);
    List<List<String>> again = allAtOnce(openings);
    auditTrail.awaitChained();

    for (int i = 0; i < openings.size(); i++) {
      CallOpening opening = openings.get(i);
      String callId = opening.call().callId();
      assertThat(first.get(i)).as(callId).isEqualTo(opening.restrictionKeys());
      assertThat(again.get(i)).as(callId).isEqualTo(opening.restrictionKeys());
      assertThat(fixtures.count("SELECT count(*) FROM margin_call WHERE id = ?", callId))
          .isEqualTo(1);
      String notices =
          fixtures.text(
              "SELECT string_agg(type, ',') FROM notification WHERE margin_call_id = ?", callId);
      String recorded = recorded(callId);
      if (opening.liquidationStart() == null) {
        assertThat(notices).as(callId).isEqualTo("CALL_OPENED");
        assertThat(recorded).as(callId).isEqualTo("CALL_OPENED");
        // Written with the others, as one alone is: its id from its key, due, to be acknowledged.
        String key = opening.notice().key();
        assertThat(
                fixtures.text(
                    "SELECT id || ' ' || status || ' ' || send_no || ' ' || (ack_due_at IS NOT NULL)"
                        + " || ' ' || (next_attempt_at = created_at) FROM notification WHERE key = ?",
                    key))
            .isEqualTo(NotificationOutbox.idFor(key) + " PENDING 1 true true");
      } else {
        assertThat(fixtures.callStatus(callId)).isEqualTo("LIQUIDATING");
        assertThat(notices).as(callId).isEqualTo("LIQUIDATION_STARTED");
        assertThat(recorded).as(callId).isEqualTo(LIQUIDATING_OPENING);
        assertThat(
                fixtures.text(
                    "SELECT (ack_due_at IS NULL) || ' ' || (figures ->> 'status') FROM notification"
                        + " WHERE margin_call_id = ?",
                    callId))
            .as("a notice nobody acknowledges, with its figures")
            .isEqualTo("true LIQUIDATING");
      }
    }
  }

  @Test
  void givenAGroupWithAnOpeningThatCannotBeWritten_thenOnlyItFailsAndTheOthersAreWritten() {
    String before = fixtures.facility(null);
    String after = fixtures.facility(null);
    CallOpening first = margin("margin-call-" + before + "-1", before);
    // A call of an account without a facility: PostgreSQL refuses its row (V70's check).
    String nobody = "acc-without-facility-" + System.nanoTime();
    String brokenCall = "margin-call-" + nobody + "-1";
    CallOpening failing = margin(brokenCall, nobody);
    CallOpening last = margin("margin-call-" + after + "-1", after);

    List<CallRecordActivitiesImpl.Opened> answers =
        records.writeOpenings(List.of(first, failing, last));
    auditTrail.awaitChained();

    assertThat(answers.get(0).failure()).isNull();
    assertThat(answers.get(0).unsent()).isEqualTo(first.restrictionKeys());
    assertThat(answers.get(2).failure()).isNull();
    assertThat(answers.get(2).unsent()).isEqualTo(last.restrictionKeys());
    // Its own failure, which the activity's retries meet again; not a business refusal.
    assertThat(answers.get(1).failure())
        .isNotNull()
        .isNotInstanceOf(ApplicationFailure.class)
        .hasStackTraceContaining("has no facility");
    assertThat(openedRecords(first.call().callId())).isEqualTo(1);
    assertThat(openedRecords(last.call().callId())).isEqualTo(1);
    // Nothing of the failed opening stays: its transaction was its own.
    assertThat(openedRecords(brokenCall)).isZero();
    assertThat(
            fixtures.count(
                "SELECT count(*) FROM notification WHERE margin_call_id = ?", brokenCall))
        .isZero();
  }

  @Test
  void givenAnOpeningThatStartsLiquidationAndCannotBeWritten_thenItFailsWithItsOwnRefusal() {
    String account = fixtures.facility(null);
    String callId = "margin-call-" + account + "-1";
    // Liquidation's start names a call that does not exist: retrying cannot make it.
    CallOpening failing =
        liquidatingOpening(
            callId,
            account,
            List.of(),
            new CallChanges(List.of(escalation("margin-call-nobody-1", account)), null));

    assertThatThrownBy(() -> records.recordOpening(failing))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure -> {
              assertThat(failure.getType()).isEqualTo(LifecycleFailure.NOT_FOUND.name());
              assertThat(failure.isNonRetryable()).isTrue();
            });
    assertThat(openedRecords(callId)).isZero();
  }

  @Test
  void givenALiquidatingCallWhoseRowAnotherTransactionHolds_thenTheGroupLeavesItAndDoesNotWait()
      throws Exception {
    String heldAccount = fixtures.facility(null);
    CallOpening held = liquidating("margin-call-" + heldAccount + "-1", heldAccount);
    String heldCall = held.call().callId();
    String otherAccount = fixtures.facility(null);
    CallOpening other = liquidating("margin-call-" + otherAccount + "-1", otherAccount);
    // Their rows are there, as ingestion wrote them; another transaction (ingestion's update of
    // several calls, say) holds the first.
    records.recordOpened(held.call());
    records.recordOpened(other.call());
    String marginAccount = fixtures.facility(null);
    CallOpening margin = margin("margin-call-" + marginAccount + "-1", marginAccount);
    List<CallOpening> group = List.of(held, other, margin, other);

    List<CallRecordActivitiesImpl.Opened> answers;
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try (Connection holder = dataSource.getConnection()) {
      holder.setAutoCommit(false);
      try (PreparedStatement lock =
          holder.prepareStatement("SELECT id FROM margin_call WHERE id = ? FOR UPDATE")) {
        lock.setString(1, heldCall);
        lock.executeQuery().close();
      }
      // On a thread of its own: a group that waited for the row would time out here.
      answers = thread.submit(() -> records.writeGroupOrLeave(group)).get(20, TimeUnit.SECONDS);
      holder.rollback();
    } finally {
      thread.shutdownNow();
    }
    auditTrail.awaitChained();

    assertThat(answers.get(0)).as("the held call's opening, left to be written alone").isNull();
    assertThat(answers.get(3)).as("a second opening of a call in the group, left too").isNull();
    assertThat(answers.get(1).failure()).isNull();
    assertThat(answers.get(1).unsent()).isEqualTo(other.restrictionKeys());
    assertThat(answers.get(2).failure()).isNull();
    assertThat(recorded(other.call().callId())).isEqualTo(LIQUIDATING_OPENING);
    assertThat(openedRecords(margin.call().callId())).isEqualTo(1);
    assertThat(recorded(heldCall)).isNull();

    // What the group left is written alone once the row is free; the rest again changes nothing.
    List<CallRecordActivitiesImpl.Opened> again = records.writeOpenings(group);
    auditTrail.awaitChained();
    assertThat(again).allSatisfy(answer -> assertThat(answer.failure()).isNull());
    assertThat(recorded(heldCall)).isEqualTo(LIQUIDATING_OPENING);
    assertThat(recorded(other.call().callId())).isEqualTo(LIQUIDATING_OPENING);
    assertThat(recorded(margin.call().callId())).isEqualTo("CALL_OPENED");
  }

  private String recorded(String callId) {
    return fixtures.text(
        "SELECT string_agg(action, ',' ORDER BY seq) FROM audit_record WHERE margin_call_id = ?",
        callId);
  }

  /** Records every opening from its own thread, all released at once; answers in list order. */
  private List<List<String>> allAtOnce(List<CallOpening> openings) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(openings.size());
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<List<String>>> answers = new ArrayList<>();
      for (CallOpening opening : openings) {
        answers.add(
            threads.submit(
                () -> {
                  go.await();
                  return records.recordOpening(opening);
                }));
      }
      go.countDown();
      List<List<String>> unsent = new ArrayList<>();
      for (Future<List<String>> answer : answers) {
        unsent.add(answer.get(20, TimeUnit.SECONDS));
      }
      return unsent;
    } finally {
      threads.shutdownNow();
    }
  }

  private static CallOpening margin(String callId, String account) {
    return marginCallOpening(
        callId,
        account,
        List.of(callId + ":open:reduce-only-on", callId + ":open:withdrawals-off"));
  }

  private static CallOpening liquidating(String callId, String account) {
    return liquidatingOpening(
        callId,
        account,
        List.of(callId + ":open:reduce-only-on"),
        liquidationStart(callId, account));
  }

  private long openedRecords(String callId) {
    return fixtures.count(
        "SELECT count(*) FROM audit_record WHERE margin_call_id = ? AND action = ?",
        callId,
        "CALL_OPENED");
  }
}
