package org.margindesk.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class NotificationMessagesTest {
  private static final UUID ID = UUID.fromString("0b7e0d3c-2f1a-3c4e-9a57-3d2b1f0e6a11");

  @Test
  void givenACallOpened_whenWorded_thenTheAmountDeadlineAndEveryThresholdAreThere() {
    NotificationMessages.Message message =
        NotificationMessages.of(notification("CALL_OPENED", Recipient.ACCOUNT_HOLDER, figures()));

    assertThat(message.subject())
        .isEqualTo(
            "[Margin Desk] Margin call on account acc-1: add 500 USDT by 2026-03-02T21:00:00Z");
    assertThat(message.text())
        .startsWith(
            "A margin call is open on account acc-1 (margin-call-acc-1-1). Add at least 500 USDT")
        .contains("Collateral account balance (CAB): 12000 USDT\n")
        .contains("Amount needed to reach the top-up level: 500 USDT\n")
        .contains("Deadline (UTC): 2026-03-02T21:00:00Z\n")
        .contains("Top-up level (125% of M+): 12500 USDT\n")
        .contains("Liquidation level (110% of M+): 11000 USDT\n")
        .contains("MMR liquidation threshold: 5\n")
        .contains("Notification " + ID + " (send 1)");
    assertThat(message.text().indexOf("Collateral account balance"))
        .as("the balance comes before the policy")
        .isLessThan(message.text().indexOf("Top-up level"));
  }

  @Test
  void givenAnUnknownType_whenWorded_thenAGenericSentenceAndTheRawFigures() {
    Map<String, String> figures = new LinkedHashMap<>();
    figures.put("extensionBy", "PT6H");
    NotificationMessages.Message message =
        NotificationMessages.of(notification("CALL_EXTENDED", Recipient.ACCOUNT_HOLDER, figures));

    assertThat(message.subject())
        .isEqualTo("[Margin Desk] CALL_EXTENDED: margin call margin-call-acc-1-1");
    assertThat(message.text()).contains("extensionBy: PT6H");
  }

  @Test
  void givenAnUnacknowledgedNotice_whenWorded_thenItNamesTheNotificationAndTheTimeout() {
    Map<String, String> figures = figures();
    figures.put("notificationId", "n-1");
    figures.put("notificationType", "CALL_OPENED");
    figures.put("ackTimeout", "PT1H");
    NotificationMessages.Message message =
        NotificationMessages.of(
            notification("NOTIFICATION_UNACKNOWLEDGED", Recipient.SUPERVISORS, figures));

    assertThat(message.text())
        .startsWith(
            "The account holder of acc-1 has not acknowledged the CALL_OPENED notification n-1 of"
                + " margin call margin-call-acc-1-1 within PT1H.");
  }

  @Test
  void givenRatios_whenShownAsPercentages_thenPlain() {
    assertThat(NotificationMessages.percent("1.25")).isEqualTo("125%");
    assertThat(NotificationMessages.percent("1.10")).isEqualTo("110%");
    assertThat(NotificationMessages.percent("1.105")).isEqualTo("110.5%");
    assertThat(NotificationMessages.percent(null)).isEqualTo("?%");
  }

  private static Map<String, String> figures() {
    Map<String, String> figures = new LinkedHashMap<>();
    figures.put("marginPlusAmount", "10000");
    figures.put("asset", "USDT");
    figures.put("minTopUpBalance", "12500");
    figures.put("terminationBalance", "11000");
    figures.put("minTopUpRatio", "1.25");
    figures.put("terminationRatio", "1.10");
    figures.put("mmrMarginCall", "10");
    figures.put("mmrLiquidation", "5");
    figures.put("collateralBalance", "12000");
    figures.put("shortfallToMinTopUp", "500");
    figures.put("deadline", "2026-03-02T21:00:00Z");
    return figures;
  }

  private static OutboundNotification notification(
      String type, Recipient recipient, Map<String, String> figures) {
    return new OutboundNotification(
        ID,
        type,
        recipient,
        "margin-call-acc-1-1",
        "acc-1",
        Instant.parse("2026-03-02T09:00:00Z"),
        1,
        figures,
        null);
  }
}
