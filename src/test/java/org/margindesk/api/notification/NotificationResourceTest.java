package org.margindesk.api.notification;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.mailer.MockMailbox;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.margindesk.activity.NotificationActivities;
import org.margindesk.activity.NotificationRequest;
import org.margindesk.activity.NotificationType;
import org.margindesk.config.TestClock;
import org.margindesk.notification.NotificationDispatcher;
import org.margindesk.notification.NotificationOutbox;
import org.margindesk.notification.NotificationReceiverStub;
import org.margindesk.service.LifecycleFixtures;

/** The notifications API: the list with its delivery record, and the acknowledgement flow. */
@QuarkusTest
class NotificationResourceTest {
  private static final String PATH = "/api/v1/notifications";
  private static final String SUPERVISORS = "supervisors@margin-desk.test";

  @Inject LifecycleFixtures fixtures;
  @Inject NotificationActivities notifications;
  @Inject NotificationDispatcher dispatcher;
  @Inject MockMailbox mailbox;
  @Inject TestClock clock;

  @AfterEach
  void resetClock() {
    clock.reset();
  }

  private static RequestSpecification as(String user) {
    return given().auth().preemptive().basic(user, user);
  }

  @Test
  void givenADeliveredCallOpened_whenAcknowledgedTwice_thenOneReceiptAndNoResendLater() {
    String account = fixtures.facility(null);
    NotificationRequest request = notify(account, "call-opened", NotificationType.CALL_OPENED);
    String id = NotificationOutbox.idFor(request.key()).toString();
    dispatcher.dispatchDue();

    JsonPath first =
        as("feed")
            .post(PATH + "/" + id + "/acknowledgement")
            .then()
            .statusCode(200)
            .body("status", equalTo("ACKNOWLEDGED"))
            .body("acknowledgedBy", equalTo("feed"))
            .extract()
            .jsonPath();
    as("feed")
        .post(PATH + "/" + id + "/acknowledgement")
        .then()
        .statusCode(200)
        .body("acknowledgedAt", equalTo(first.getString("acknowledgedAt")));
    clock.advance(Duration.ofHours(2));
    dispatcher.dispatchDue();

    assertThat(NotificationReceiverStub.receivedFor(id)).as("no re-send").hasSize(1);
    assertThat(
            fixtures.count(
                "SELECT count(*) FROM notification WHERE key = ?",
                request.key() + ":unacknowledged"))
        .isZero();
    assertThat(
            fixtures.count(
                "SELECT count(*) FROM audit_record WHERE event_key = ?",
                "notification:" + id + ":acknowledged"))
        .isEqualTo(1);
  }

  @Test
  void givenAnUnacknowledgedCallOpened_whenTheTimeoutPasses_thenResentAndSupervisorsToldOnce() {
    String account = fixtures.facility(null);
    NotificationRequest request = notify(account, "call-opened", NotificationType.CALL_OPENED);
    String id = NotificationOutbox.idFor(request.key()).toString();
    dispatcher.dispatchDue();
    clock.advance(Duration.ofMinutes(59));
    dispatcher.dispatchDue();
    assertThat(NotificationReceiverStub.receivedFor(id)).as("not yet due").hasSize(1);

    clock.advance(Duration.ofMinutes(2));
    dispatcher.dispatchDue();
    clock.advance(Duration.ofHours(3));
    dispatcher.dispatchDue();

    assertThat(NotificationReceiverStub.receivedFor(id))
        .extracting(NotificationReceiverStub.Received::idempotencyKey)
        .containsExactly(id + ":1", id + ":2");
    String noticeId = NotificationOutbox.idFor(request.key() + ":unacknowledged").toString();
    as("viewer")
        .get(PATH + "/" + noticeId)
        .then()
        .statusCode(200)
        .body("type", equalTo("NOTIFICATION_UNACKNOWLEDGED"))
        .body("recipient", equalTo("SUPERVISORS"))
        .body("marginCallId", equalTo(request.callId()))
        .body("status", equalTo("DELIVERED"))
        .body("figures.notificationId", equalTo(id))
        .body("figures.shortfallToMinTopUp", equalTo("500"))
        .body("figures.deadline", equalTo("2026-03-02T21:00:00Z"));
    assertThat(NotificationReceiverStub.receivedFor(noticeId)).hasSize(1);
    assertThat(mailbox.getMailsSentTo(SUPERVISORS))
        .filteredOn(mail -> mail.getText().contains(id))
        .hasSize(1);
    assertThat(
            fixtures.count(
                "SELECT count(*) FROM notification WHERE margin_call_id = ? AND type ="
                    + " 'NOTIFICATION_UNACKNOWLEDGED'",
                request.callId()))
        .isEqualTo(1);
    as("viewer")
        .get(PATH + "/" + id)
        .then()
        .statusCode(200)
        .body("send", equalTo(2))
        .body("status", equalTo("DELIVERED"))
        .body("attempts.findAll { it.channel == 'WEBHOOK' }.send", contains(1, 2));
  }

  @Test
  void givenACallsNotifications_whenListed_thenNewestFirstWithFiguresAttemptsAndPages() {
    String account = fixtures.facility(null);
    NotificationRequest opened = notify(account, "call-opened", NotificationType.CALL_OPENED);
    clock.advance(Duration.ofSeconds(1));
    NotificationRequest cured = notify(account, "call-cured", NotificationType.CALL_CURED);
    dispatcher.dispatchDue();
    String openedId = NotificationOutbox.idFor(opened.key()).toString();
    String curedId = NotificationOutbox.idFor(cured.key()).toString();

    JsonPath page1 =
        as("viewer")
            .queryParam("marginCallId", opened.callId())
            .queryParam("limit", 1)
            .get(PATH)
            .then()
            .statusCode(200)
            .body("items", hasSize(1))
            .body("items[0].id", equalTo(curedId))
            .body("items[0].type", equalTo("CALL_CURED"))
            .body("items[0].accountId", equalTo(account))
            .body("items[0].status", equalTo("DELIVERED"))
            .body("items[0].createdAt", notNullValue())
            .body("items[0].acknowledgedAt", nullValue())
            .body("items[0].figures.collateralBalance", equalTo("12000"))
            .body("items[0].attempts.channel", containsInAnyOrder("WEBHOOK", "LOG"))
            .body("items[0].attempts[0].outcome", equalTo("DELIVERED"))
            .body("nextCursor", notNullValue())
            .extract()
            .jsonPath();
    as("viewer")
        .queryParam("marginCallId", opened.callId())
        .queryParam("limit", 1)
        .queryParam("cursor", page1.getString("nextCursor"))
        .get(PATH)
        .then()
        .statusCode(200)
        .body("items.id", contains(openedId))
        .body("nextCursor", nullValue());
    as("feed").post(PATH + "/" + openedId + "/acknowledgement").then().statusCode(200);
    as("viewer")
        .queryParam("marginCallId", opened.callId())
        .queryParam("status", "acknowledged")
        .get(PATH)
        .then()
        .statusCode(200)
        .body("items.id", contains(openedId))
        .body("items[0].acknowledgedAt", notNullValue());
  }

  @Test
  void givenBadQueryParameters_whenListed_then400NamingEachField() {
    as("viewer")
        .queryParam("status", "SENT")
        .queryParam("limit", "0")
        .queryParam("cursor", "not-ours")
        .get(PATH)
        .then()
        .statusCode(400)
        .contentType(startsWith("application/problem+json"))
        .body("errors.field", containsInAnyOrder("status", "limit", "cursor"));
  }

  @Test
  void givenUnknownOrMalformedIds_whenAcknowledged_then404And400() {
    as("feed")
        .post(PATH + "/" + UUID.randomUUID() + "/acknowledgement")
        .then()
        .statusCode(404)
        .contentType(startsWith("application/problem+json"));
    as("feed")
        .post(PATH + "/not-a-uuid/acknowledgement")
        .then()
        .statusCode(400)
        .contentType(startsWith("application/problem+json"))
        .body("errors[0].field", equalTo("id"));
    as("viewer").get(PATH + "/" + UUID.randomUUID()).then().statusCode(404);
  }

  @Test
  void givenTheRoles_whenCalled_thenOnlyFeedAcknowledgesAndOnlyViewersList() {
    String account = fixtures.facility(null);
    NotificationRequest request = notify(account, "call-opened", NotificationType.CALL_OPENED);
    String id = NotificationOutbox.idFor(request.key()).toString();

    as("supervisor").post(PATH + "/" + id + "/acknowledgement").then().statusCode(403);
    as("feed").get(PATH).then().statusCode(403);
    given().get(PATH).then().statusCode(401);
    as("viewer").get(PATH + "/" + id).then().statusCode(200).body("status", equalTo("PENDING"));
  }

  private NotificationRequest notify(String account, String what, NotificationType type) {
    java.util.Map<String, String> figures = new java.util.LinkedHashMap<>();
    figures.put("asset", "USDT");
    figures.put("collateralBalance", "12000");
    figures.put("minTopUpBalance", "12500");
    figures.put("terminationBalance", "11000");
    figures.put("shortfallToMinTopUp", "500");
    figures.put("deadline", "2026-03-02T21:00:00Z");
    NotificationRequest request =
        new NotificationRequest(
            "margin-call-" + account + "-1:notify:" + what,
            type,
            "margin-call-" + account + "-1",
            account,
            figures);
    notifications.notify(request);
    return request;
  }
}
