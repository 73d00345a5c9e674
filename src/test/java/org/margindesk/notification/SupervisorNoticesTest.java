package org.margindesk.notification;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.MockMailbox;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.margindesk.activity.CallRecordActivities;
import org.margindesk.activity.OpenedCall;
import org.margindesk.service.LifecycleFixtures;
import org.margindesk.service.NotificationService;
import org.margindesk.service.NotificationView;

/** The API the task and waiver work calls: keyed supervisor notices with the call's figures. */
@QuarkusTest
class SupervisorNoticesTest {
  private static final Instant DEADLINE = Instant.parse("2026-03-02T21:00:00Z");

  @Inject LifecycleFixtures fixtures;
  @Inject CallRecordActivities records;
  @Inject SupervisorNotices notices;
  @Inject NotificationDispatcher dispatcher;
  @Inject NotificationService notifications;
  @Inject MockMailbox mailbox;

  @Test
  void givenAnOverdueTask_whenNotedTwiceAndThenEscalatedAgain_thenOneNoticePerLevel() {
    String callId = openCall();
    String account = fixtures.text("SELECT account_id FROM margin_call WHERE id = ?", callId);
    String taskId = callId + ":close-all-positions";
    Instant due = Instant.parse("2026-03-02T10:30:00Z");

    Enqueued first = notices.taskOverdue(taskId, callId, account, "CLOSE_ALL_POSITIONS", due, 1);
    Enqueued again = notices.taskOverdue(taskId, callId, account, "CLOSE_ALL_POSITIONS", due, 1);
    Enqueued escalated =
        notices.taskOverdue(taskId, callId, account, "CLOSE_ALL_POSITIONS", due, 2);

    assertThat(first.created()).isTrue();
    assertThat(again).isEqualTo(new Enqueued(first.id(), false));
    assertThat(escalated.id()).isNotEqualTo(first.id());
    NotificationView view = notifications.find(first.id()).orElseThrow();
    assertThat(view.type()).isEqualTo("TASK_OVERDUE");
    assertThat(view.recipient()).isEqualTo("SUPERVISORS");
    assertThat(view.figures())
        .containsEntry("taskId", taskId)
        .containsEntry("dueAt", "2026-03-02T10:30:00Z")
        .containsEntry("escalationLevel", "1")
        .containsEntry("collateralBalance", "12000")
        .containsEntry("shortfallToMinTopUp", "500")
        .containsEntry("minTopUpBalance", "12500")
        .containsEntry("deadline", DEADLINE.toString())
        .containsEntry("status", "OPEN");
  }

  @Test
  void givenAWaiverRequest_whenDispatched_thenSupervisorsGetItByWebhookAndMail() {
    String callId = openCall();
    String account = fixtures.text("SELECT account_id FROM margin_call WHERE id = ?", callId);

    Enqueued notice =
        notices.waiverRequested(callId, account, "supervisor", "booked top-up in transit", "w-1");
    notices.waiverRequested(callId, account, "supervisor", "booked top-up in transit", "w-1");
    dispatcher.dispatchDue();

    assertThat(
            fixtures.count(
                "SELECT count(*) FROM notification WHERE margin_call_id = ? AND type ="
                    + " 'WAIVER_REQUESTED'",
                callId))
        .isEqualTo(1);
    assertThat(notifications.find(notice.id()).orElseThrow().status()).isEqualTo("DELIVERED");
    List<NotificationReceiverStub.Received> received =
        NotificationReceiverStub.receivedFor(notice.id().toString());
    assertThat(received).hasSize(1);
    assertThat(received.get(0).body())
        .contains("\"recipient\":\"SUPERVISORS\"")
        .contains("\"type\":\"WAIVER_REQUESTED\"");
    List<Mail> mails =
        mailbox.getMailsSentTo("supervisors@margin-desk.test").stream()
            .filter(mail -> mail.getText().contains(notice.id().toString()))
            .toList();
    assertThat(mails).hasSize(1);
    assertThat(mails.get(0).getSubject())
        .isEqualTo("[Margin Desk] Waiver of margin call " + callId + " needs a second supervisor");
    assertThat(mails.get(0).getText())
        .contains("supervisor asked to waive margin call " + callId)
        .contains("Another supervisor must approve or reject it.")
        .contains("reason: booked top-up in transit");
  }

  private String openCall() {
    String account = fixtures.facility(null);
    String callId = "margin-call-" + account + "-1";
    records.recordOpened(
        new OpenedCall(
            callId,
            account,
            1,
            "OPEN",
            "MARGIN_CALL",
            List.of("collateral balance below the top-up level"),
            Map.of("minTopUpRatio", "1.25"),
            Map.of(
                "collateralBalance", "12000",
                "minTopUpBalance", "12500",
                "shortfallToMinTopUp", "500",
                "asset", "USDT"),
            Map.of(),
            DEADLINE.minusSeconds(12 * 3600).toEpochMilli(),
            DEADLINE.toEpochMilli()));
    return callId;
  }
}
