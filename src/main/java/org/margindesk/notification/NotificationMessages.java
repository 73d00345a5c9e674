package org.margindesk.notification;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.margindesk.domain.Money;

/**
 * The words of a notification for people (e-mail): a subject, one sentence saying what happened and
 * what to do, then every figure with its label. Plain Java, so the wording is unit-tested.
 */
public final class NotificationMessages {
  private static final String UNKNOWN = "(not known)";

  /** Known figures, in the order a person reads them. */
  private static final List<String> ORDER =
      List.of(
          "collateralBalance",
          "shortfallToMinTopUp",
          "deadline",
          "remaining",
          "minTopUpBalance",
          "terminationBalance",
          "marginPlusAmount",
          "maintenanceMarginRatio",
          "mmrMarginCall",
          "mmrLiquidation",
          "minTopUpRatio",
          "terminationRatio",
          "asset",
          "status");

  private NotificationMessages() {}

  public record Message(String subject, String text) {}

  public static Message of(OutboundNotification n) {
    Map<String, String> f = n.figures();
    String account = n.accountId();
    String call = n.marginCallId();
    String asset = f.getOrDefault("asset", "");
    String topUp = amount(f, "shortfallToMinTopUp");
    String deadline = f.getOrDefault("deadline", UNKNOWN);
    String subject;
    String lead;
    switch (n.type()) {
      case "CALL_OPENED" -> {
        subject = "Margin call on account " + account + ": add " + topUp + " by " + deadline;
        lead =
            "A margin call is open on account "
                + account
                + " ("
                + call
                + "). Add at least "
                + topUp
                + " of collateral by "
                + deadline
                + " to reach the top-up level, or the account will be liquidated. Until then the"
                + " account is reduce-only and withdrawals are disabled.";
      }
      case "REMINDER" -> {
        subject = "Reminder: margin call on account " + account + " ends at " + deadline;
        lead =
            "The margin call on account "
                + account
                + " ("
                + call
                + ") is still open. Add at least "
                + topUp
                + " by "
                + deadline
                + ", or the account will be liquidated.";
      }
      case "CALL_CURED" -> {
        subject = "Margin call on account " + account + " is cured";
        lead =
            "The margin call on account "
                + account
                + " ("
                + call
                + ") is cured: reduce-only is lifted and withdrawals are enabled again.";
      }
      case "CALL_WAIVED" -> {
        subject = "Margin call on account " + account + " is waived";
        lead =
            "The margin call on account "
                + account
                + " ("
                + call
                + ") was waived: reduce-only is lifted and withdrawals are enabled again.";
      }
      case "LIQUIDATION_STARTED" -> {
        subject = "Liquidation started on account " + account;
        lead =
            "The margin call on account "
                + account
                + " ("
                + call
                + ") was not remedied in time: liquidation has started.";
      }
      case "LIQUIDATION_COMPLETED" -> {
        subject = "Liquidation of account " + account + " is complete";
        lead =
            "Liquidation of account "
                + account
                + " ("
                + call
                + ") is complete and the Margin+ facility is cancelled.";
      }
      case "TASK_OVERDUE" -> {
        String task = f.getOrDefault("taskId", UNKNOWN);
        subject = "Overdue operator task on margin call " + call;
        lead =
            "Operator task "
                + task
                + " ("
                + f.getOrDefault("taskType", UNKNOWN)
                + ") on margin call "
                + call
                + " was due at "
                + f.getOrDefault("dueAt", UNKNOWN)
                + " and is not done.";
      }
      case "WAIVER_REQUESTED" -> {
        subject = "Waiver of margin call " + call + " needs a second supervisor";
        lead =
            f.getOrDefault("requestedBy", "A supervisor")
                + " asked to waive margin call "
                + call
                + " on account "
                + account
                + ". Another supervisor must approve or reject it.";
      }
      case "EXCHANGE_REFUSED" -> {
        subject = "The exchange refused an effect of margin call " + call;
        lead =
            "The exchange refused "
                + f.getOrDefault("effect", "an effect")
                + " on account "
                + account
                + " (margin call "
                + call
                + "): "
                + f.getOrDefault("exchangeAnswer", UNKNOWN)
                + ". Operator task "
                + f.getOrDefault("taskId", UNKNOWN)
                + " is open: retry it, or do it at the exchange by hand with evidence.";
      }
      case "NOTIFICATION_UNACKNOWLEDGED" -> {
        subject = "Account holder has not acknowledged margin call " + call;
        lead =
            "The account holder of "
                + account
                + " has not acknowledged the "
                + f.getOrDefault("notificationType", "notification")
                + " notification "
                + f.getOrDefault("notificationId", "")
                + " of margin call "
                + call
                + " within "
                + f.getOrDefault("ackTimeout", UNKNOWN)
                + ". It has been sent again; consider contacting the holder.";
      }
      default -> {
        subject = n.type() + ": margin call " + call;
        lead = n.type() + " for margin call " + call + " on account " + account + ".";
      }
    }
    StringBuilder text = new StringBuilder(lead).append("\n\n");
    for (Map.Entry<String, String> figure : ordered(f).entrySet()) {
      text.append(label(figure.getKey(), f))
          .append(": ")
          .append(figure.getValue())
          .append(isAmount(figure.getKey()) && !asset.isEmpty() ? " " + asset : "")
          .append('\n');
    }
    text.append("\nNotification ")
        .append(n.id())
        .append(" (send ")
        .append(n.sendNo())
        .append("). Margin Desk.\n");
    return new Message("[Margin Desk] " + subject, text.toString());
  }

  private static Map<String, String> ordered(Map<String, String> figures) {
    Map<String, String> ordered = new LinkedHashMap<>();
    for (String key : ORDER) {
      if (figures.containsKey(key)) {
        ordered.put(key, figures.get(key));
      }
    }
    figures.forEach(ordered::putIfAbsent);
    return ordered;
  }

  private static String label(String key, Map<String, String> f) {
    return switch (key) {
      case "collateralBalance" -> "Collateral account balance (CAB)";
      case "shortfallToMinTopUp" -> "Amount needed to reach the top-up level";
      case "deadline" -> "Deadline (UTC)";
      case "remaining" -> "Time left";
      case "minTopUpBalance" -> "Top-up level (" + percent(f.get("minTopUpRatio")) + " of M+)";
      case "terminationBalance" ->
          "Liquidation level (" + percent(f.get("terminationRatio")) + " of M+)";
      case "marginPlusAmount" -> "Margin+ amount (M+)";
      case "maintenanceMarginRatio" -> "Maintenance margin ratio (MMR)";
      case "mmrMarginCall" -> "MMR margin-call threshold";
      case "mmrLiquidation" -> "MMR liquidation threshold";
      case "minTopUpRatio" -> "Top-up ratio";
      case "terminationRatio" -> "Liquidation ratio";
      case "asset" -> "Asset";
      case "status" -> "Call status";
      default -> key;
    };
  }

  private static boolean isAmount(String key) {
    return switch (key) {
      case "collateralBalance",
          "shortfallToMinTopUp",
          "minTopUpBalance",
          "terminationBalance",
          "marginPlusAmount" ->
          true;
      default -> false;
    };
  }

  private static String amount(Map<String, String> f, String key) {
    String value = f.get(key);
    if (value == null) {
      return UNKNOWN;
    }
    String asset = f.get("asset");
    return asset == null ? value : value + " " + asset;
  }

  /** 1.25 → 125%; an unreadable ratio is shown as it is rather than hidden. */
  static String percent(String ratio) {
    if (ratio == null) {
      return "?%";
    }
    try {
      return Money.plain(new BigDecimal(ratio).movePointRight(2)) + "%";
    } catch (NumberFormatException e) {
      return ratio;
    }
  }
}
