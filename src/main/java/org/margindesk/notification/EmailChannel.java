package org.margindesk.notification;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import java.util.List;

/**
 * E-mail through quarkus-mailer: holder notifications to the facility's contact address (none set,
 * no e-mail), supervisor notices to the configured supervisor addresses. In embedded mode and tests
 * the mailer runs in mock mode and keeps the mails in memory.
 */
public class EmailChannel implements DeliveryChannel {
  private final Mailer mailer;
  private final List<String> supervisorAddresses;

  public EmailChannel(Mailer mailer, List<String> supervisorAddresses) {
    this.mailer = mailer;
    this.supervisorAddresses = List.copyOf(supervisorAddresses);
  }

  @Override
  public Channel channel() {
    return Channel.EMAIL;
  }

  @Override
  public boolean appliesTo(OutboundNotification notification) {
    return !addresses(notification).isEmpty();
  }

  @Override
  public DeliveryResult deliver(OutboundNotification notification) {
    NotificationMessages.Message message = NotificationMessages.of(notification);
    Mail mail = new Mail().setSubject(message.subject()).setText(message.text());
    mail.setTo(addresses(notification));
    try {
      mailer.send(mail);
      return DeliveryResult.ok(null);
    } catch (RuntimeException e) {
      return DeliveryResult.failed(null, e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  private List<String> addresses(OutboundNotification notification) {
    if (notification.recipient() == Recipient.SUPERVISORS) {
      return supervisorAddresses;
    }
    String holder = notification.holderEmail();
    return holder == null || holder.isBlank() ? List.of() : List.of(holder);
  }
}
