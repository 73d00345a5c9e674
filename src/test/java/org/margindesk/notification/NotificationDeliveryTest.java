package org.margindesk.notification;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.MockMailbox;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.margindesk.activity.NotificationActivities;
import org.margindesk.activity.NotificationRequest;
import org.margindesk.activity.NotificationType;
import org.margindesk.config.TestClock;
import org.margindesk.service.LifecycleFixtures;

/**
 * The outbox delivered for real: the dispatcher against embedded PostgreSQL, the webhook against a
 * local stub that checks signatures, e-mail into the mailer's mock mailbox. Time moves by the test
 * clock; nothing sleeps.
 */
@QuarkusTest
@WithTestResource(value = NotificationReceiverStub.class, scope = TestResourceScope.GLOBAL)
class NotificationDeliveryTest {
  @Inject LifecycleFixtures fixtures;
  @Inject NotificationActivities notifications;
  @Inject NotificationDispatcher dispatcher;
  @Inject MockMailbox mailbox;
  @Inject TestClock clock;
  @Inject EntityManager em;

  @AfterEach
  void resetClock() {
    clock.reset();
  }

  @Test
  void givenAReceiverThatFailsTwice_whenDispatched_thenThreeSignedAttemptsAndOneDelivery() {
    String account = fixtures.facility(null);
    NotificationRequest request = callOpened(account);
    String id = NotificationOutbox.idFor(request.key()).toString();
    NotificationReceiverStub.failNext(id, 2);
    notifications.notify(request);

    dispatcher.dispatchDue();
    assertThat(status(id)).isEqualTo("PENDING");
    assertThat(nextAttemptIn(id)).isEqualTo(Duration.ofSeconds(5));
    dispatcher.dispatchDue();
    assertThat(webhookAttempts(id)).as("not due again before the backoff").isEqualTo(1);

    clock.advance(Duration.ofSeconds(5));
    dispatcher.dispatchDue();
    assertThat(nextAttemptIn(id)).as("the backoff doubles").isEqualTo(Duration.ofSeconds(10));
    clock.advance(Duration.ofSeconds(10));
    dispatcher.dispatchDue();
    clock.advance(Duration.ofMinutes(5));
    dispatcher.dispatchDue();

    assertThat(status(id)).isEqualTo("DELIVERED");
    assertThat(
            fixtures.text(
                "SELECT string_agg(attempt_no || ':' || outcome || ':' || status_code, ','"
                    + " ORDER BY attempt_no) FROM notification_attempt"
                    + " WHERE notification_id = CAST(? AS uuid) AND channel = 'WEBHOOK'",
                id))
        .isEqualTo("1:FAILED:503,2:FAILED:503,3:DELIVERED:204");
    List<NotificationReceiverStub.Received> received = NotificationReceiverStub.receivedFor(id);
    assertThat(received).hasSize(3).allMatch(NotificationReceiverStub.Received::signatureValid);
    assertThat(received).filteredOn(r -> r.answeredWith() == 204).hasSize(1);
    assertThat(received)
        .extracting(NotificationReceiverStub.Received::idempotencyKey)
        .containsOnly(id + ":1");
    assertThat(received.get(2).body())
        .contains("\"id\":\"" + id + "\"")
        .contains("\"type\":\"CALL_OPENED\"")
        .contains("\"shortfallToMinTopUp\":\"500\"");
    assertThat(
            fixtures.count(
                "SELECT count(*) FROM audit_record WHERE action = 'NOTIFICATION_DELIVERED'"
                    + " AND event_key = ?",
                "notification:" + id + ":delivered:1"))
        .isEqualTo(1);
  }

  @Test
  void givenAHolderWithAnAddress_whenDispatched_thenTheMailCarriesTheFigures() {
    String account = fixtures.facility(null);
    String address = account + "@holders.test";
    fixtures.execute(
        "UPDATE facility SET contact_email = ? WHERE account_id = ?", address, account);
    NotificationRequest request = callOpened(account);
    notifications.notify(request);

    dispatcher.dispatchDue();

    List<Mail> mails = mailbox.getMailsSentTo(address);
    assertThat(mails).hasSize(1);
    Mail mail = mails.get(0);
    assertThat(mail.getSubject())
        .isEqualTo(
            "[Margin Desk] Margin call on account "
                + account
                + ": add 500 USDT by 2026-03-02T21:00:00Z");
    assertThat(mail.getText())
        .contains("Collateral account balance (CAB): 12000 USDT")
        .contains("Amount needed to reach the top-up level: 500 USDT")
        .contains("Deadline (UTC): 2026-03-02T21:00:00Z")
        .contains("Top-up level (125% of M+): 12500 USDT")
        .contains("Liquidation level (110% of M+): 11000 USDT")
        .contains("MMR margin-call threshold: 10")
        .contains(NotificationOutbox.idFor(request.key()).toString());
    assertThat(
            fixtures.count(
                "SELECT count(*) FROM notification_attempt WHERE notification_id = ? AND"
                    + " channel = 'EMAIL' AND outcome = 'DELIVERED'",
                NotificationOutbox.idFor(request.key())))
        .isEqualTo(1);
  }

  @Test
  void givenAHolderWithoutAnAddress_whenDispatched_thenNoMailIsAttempted() {
    String account = fixtures.facility(null);
    NotificationRequest request = callOpened(account);
    notifications.notify(request);

    dispatcher.dispatchDue();

    UUID id = NotificationOutbox.idFor(request.key());
    assertThat(status(id.toString())).isEqualTo("DELIVERED");
    assertThat(
            fixtures.text(
                "SELECT string_agg(channel, ',' ORDER BY channel) FROM notification_attempt"
                    + " WHERE notification_id = ?",
                id))
        .isEqualTo("LOG,WEBHOOK");
  }

  @Test
  void givenAnActivityRetry_whenNotifiedTwiceBeforeAndAfterDelivery_thenOneRowAndOneDelivery() {
    String account = holderWithAddress();
    NotificationRequest request = callOpened(account);
    String id = NotificationOutbox.idFor(request.key()).toString();

    notifications.notify(request);
    notifications.notify(request);
    dispatcher.dispatchDue();
    notifications.notify(request);
    dispatcher.dispatchDue();

    assertThat(fixtures.count("SELECT count(*) FROM notification WHERE key = ?", request.key()))
        .isEqualTo(1);
    assertThat(status(id)).isEqualTo("DELIVERED");
    assertThat(NotificationReceiverStub.receivedFor(id)).hasSize(1);
    assertThat(mailbox.getMailsSentTo(account + "@holders.test")).hasSize(1);
    assertThat(
            fixtures.count(
                "SELECT count(*) FROM notification_attempt WHERE notification_id = CAST(? AS"
                    + " uuid)",
                id))
        .as("one attempt each on webhook, e-mail and log")
        .isEqualTo(3);
  }

  @Test
  void givenADeliveredAndAPendingRow_whenANewDispatcherRunStarts_thenOnlyThePendingOneIsSent() {
    String account = fixtures.facility(null);
    NotificationRequest delivered = callOpened(account);
    notifications.notify(delivered);
    dispatcher.dispatchDue();
    String deliveredId = NotificationOutbox.idFor(delivered.key()).toString();
    assertThat(status(deliveredId)).isEqualTo("DELIVERED");
    // A run that claimed the next row and died before committing leaves it as it was: PENDING.
    NotificationRequest pending = reminder(account);
    notifications.notify(pending);
    String pendingId = NotificationOutbox.idFor(pending.key()).toString();
    QuarkusTransaction.begin();
    try {
      em.createNativeQuery("SELECT id FROM notification WHERE id = CAST(:id AS uuid) FOR UPDATE")
          .setParameter("id", pendingId)
          .getResultList();
    } finally {
      QuarkusTransaction.rollback();
    }

    // The dispatcher holds nothing in memory: a run after a restart is a run over the same rows.
    dispatcher.dispatchDue();

    assertThat(status(pendingId)).isEqualTo("DELIVERED");
    assertThat(NotificationReceiverStub.receivedFor(pendingId)).hasSize(1);
    assertThat(NotificationReceiverStub.receivedFor(deliveredId)).hasSize(1);
    assertThat(webhookAttempts(deliveredId)).isEqualTo(1);
  }

  @Test
  void givenAReceiverThatNeverAccepts_whenTheSendReachesItsMaximumAge_thenItIsFailed() {
    String account = fixtures.facility(null);
    NotificationRequest request = reminder(account);
    String id = NotificationOutbox.idFor(request.key()).toString();
    NotificationReceiverStub.failNext(id, Integer.MAX_VALUE);
    notifications.notify(request);

    dispatcher.dispatchDue();
    clock.advance(Duration.ofHours(11));
    dispatcher.dispatchDue();
    assertThat(status(id)).isEqualTo("PENDING");
    clock.advance(Duration.ofHours(1));
    dispatcher.dispatchDue();

    assertThat(status(id)).isEqualTo("FAILED");
    assertThat(webhookAttempts(id)).isEqualTo(3);
    assertThat(fixtures.text("SELECT last_error FROM notification WHERE id = CAST(? AS uuid)", id))
        .startsWith("WEBHOOK: HTTP 503");
    assertThat(
            fixtures.count(
                "SELECT count(*) FROM audit_record WHERE action = 'NOTIFICATION_FAILED'"
                    + " AND event_key = ?",
                "notification:" + id + ":failed:1"))
        .isEqualTo(1);
    clock.advance(Duration.ofHours(1));
    dispatcher.dispatchDue();
    assertThat(webhookAttempts(id)).as("a failed notification is not tried again").isEqualTo(3);
  }

  @Test
  void givenMoreNotificationsThanABatch_whenDispatched_thenEachIsSentOnceOnEachChannel() {
    List<String> ids = new ArrayList<>();
    List<String> accounts = new ArrayList<>();
    for (int i = 0; i < NotificationDispatcher.BATCH + 10; i++) {
      String account = holderWithAddress();
      NotificationRequest request = callOpened(account);
      notifications.notify(request);
      accounts.add(account);
      ids.add(NotificationOutbox.idFor(request.key()).toString());
    }
    String retried = ids.get(NotificationDispatcher.BATCH / 2);
    NotificationReceiverStub.failNext(retried, 1);

    dispatcher.dispatchDue();

    for (int i = 0; i < ids.size(); i++) {
      String id = ids.get(i);
      assertThat(status(id)).as(id).isEqualTo(id.equals(retried) ? "PENDING" : "DELIVERED");
      assertThat(mailbox.getMailsSentTo(accounts.get(i) + "@holders.test")).as(id).hasSize(1);
    }
    assertThat(
            fixtures.count(
                "SELECT count(*) FROM audit_record WHERE action = 'NOTIFICATION_DELIVERED'"
                    + " AND event_key LIKE 'notification:%:delivered:1'"
                    + " AND account_id = ANY (string_to_array(?, ','))",
                String.join(",", accounts)))
        .isEqualTo(ids.size() - 1);

    clock.advance(Duration.ofSeconds(5));
    dispatcher.dispatchDue();

    assertThat(status(retried)).isEqualTo("DELIVERED");
    assertThat(webhookAttempts(retried)).isEqualTo(2);
    assertThat(
            fixtures.text(
                "SELECT string_agg(channel || ':' || attempt_no || ':' || outcome, ','"
                    + " ORDER BY channel, attempt_no) FROM notification_attempt"
                    + " WHERE notification_id = CAST(? AS uuid)",
                retried))
        .as("the channels that took it are not tried again; the webhook's attempts count on")
        .isEqualTo("EMAIL:1:DELIVERED,LOG:1:DELIVERED,WEBHOOK:1:FAILED,WEBHOOK:2:DELIVERED");
    for (String id : ids) {
      assertThat(NotificationReceiverStub.receivedFor(id))
          .as(id)
          .filteredOn(received -> received.answeredWith() == 204)
          .hasSize(1);
    }
  }

  @Test
  void givenABatchThatOutrunsItsBudget_whenDispatched_thenItCommitsWhatItSentAndTheRestFollow() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      NotificationRequest request = callOpened(fixtures.facility(null));
      notifications.notify(request);
      ids.add(NotificationOutbox.idFor(request.key()).toString());
    }
    // Whichever of the three goes first, its delivery takes longer than a batch may run.
    AtomicBoolean slow = new AtomicBoolean();
    for (String id : ids) {
      NotificationReceiverStub.onReceipt(
          id,
          () -> {
            if (slow.compareAndSet(false, true)) {
              clock.advance(NotificationDispatcher.BATCH_BUDGET.plusMillis(1));
            }
          });
    }

    dispatcher.dispatchDue();

    Map<String, String> transactionOf = new LinkedHashMap<>();
    for (String id : ids) {
      assertThat(status(id)).as(id).isEqualTo("DELIVERED");
      assertThat(NotificationReceiverStub.receivedFor(id)).as(id).hasSize(1);
      transactionOf.put(
          id,
          fixtures.text(
              "SELECT CAST(xmin AS text) FROM notification WHERE id = CAST(? AS uuid)", id));
    }
    assertThat(new HashSet<>(transactionOf.values()))
        .as("the first committed alone, the two after it in the next batch: %s", transactionOf)
        .hasSize(2);
  }

  static NotificationRequest callOpened(String account) {
    return new NotificationRequest(
        "margin-call-" + account + "-1:notify:call-opened",
        NotificationType.CALL_OPENED,
        "margin-call-" + account + "-1",
        account,
        figures());
  }

  static NotificationRequest reminder(String account) {
    Map<String, String> figures = figures();
    figures.put("remaining", "PT1H");
    return new NotificationRequest(
        "margin-call-" + account + "-1:reminder:PT1H",
        NotificationType.REMINDER,
        "margin-call-" + account + "-1",
        account,
        figures);
  }

  /** What CallInputs and the workflow put on a call's notifications. */
  static Map<String, String> figures() {
    Map<String, String> figures = new LinkedHashMap<>();
    figures.put("marginPlusAmount", "10000");
    figures.put("asset", "USDT");
    figures.put("collateralBalance", "12000");
    figures.put("minTopUpBalance", "12500");
    figures.put("terminationBalance", "11000");
    figures.put("minTopUpRatio", "1.25");
    figures.put("terminationRatio", "1.10");
    figures.put("mmrMarginCall", "10");
    figures.put("mmrLiquidation", "5");
    figures.put("shortfallToMinTopUp", "500");
    figures.put("deadline", "2026-03-02T21:00:00Z");
    figures.put("status", "OPEN");
    return figures;
  }

  /** A facility whose holder has an e-mail address: {@code <account>@holders.test}. */
  private String holderWithAddress() {
    String account = fixtures.facility(null);
    fixtures.execute(
        "UPDATE facility SET contact_email = ? WHERE account_id = ?",
        account + "@holders.test",
        account);
    return account;
  }

  private String status(String id) {
    return fixtures.text("SELECT status FROM notification WHERE id = CAST(? AS uuid)", id);
  }

  private long webhookAttempts(String id) {
    return fixtures.count(
        "SELECT count(*) FROM notification_attempt WHERE notification_id = CAST(? AS uuid)"
            + " AND channel = 'WEBHOOK'",
        id);
  }

  /** How far after its last attempt the next one is scheduled. */
  private Duration nextAttemptIn(String id) {
    String millis =
        fixtures.text(
            "SELECT round(EXTRACT(EPOCH FROM n.next_attempt_at - a.attempted_at) * 1000)"
                + " FROM notification n JOIN notification_attempt a ON a.notification_id = n.id"
                + " WHERE n.id = CAST(? AS uuid) AND a.channel = 'WEBHOOK'"
                + " ORDER BY a.attempt_no DESC LIMIT 1",
            id);
    // The attempt is stamped just before the HTTP call and the schedule just after it.
    return Duration.ofSeconds(Math.round(Long.parseLong(millis) / 1000.0));
  }
}
