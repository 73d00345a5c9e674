package org.margindesk.notification;

import org.jboss.logging.Logger;

/**
 * Always on: a notification is at least a line in the service log, so with no other channel
 * configured, or while they all fail, operators can still read what was due to go out.
 */
public class LogChannel implements DeliveryChannel {
  private static final Logger LOG = Logger.getLogger(LogChannel.class);

  @Override
  public Channel channel() {
    return Channel.LOG;
  }

  @Override
  public boolean appliesTo(OutboundNotification notification) {
    return true;
  }

  @Override
  public DeliveryResult deliver(OutboundNotification n) {
    LOG.infof(
        "Notification %s (send %d) %s to %s, call %s, account %s: %s",
        n.id(), n.sendNo(), n.type(), n.recipient(), n.marginCallId(), n.accountId(), n.figures());
    return DeliveryResult.ok(null);
  }
}
