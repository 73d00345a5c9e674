package org.margindesk.notification;

/** One way out. Implementations must not throw for a refused delivery: they report it. */
public interface DeliveryChannel {
  Channel channel();

  /** Whether this notification goes out on this channel at all (e-mail needs an address). */
  boolean appliesTo(OutboundNotification notification);

  DeliveryResult deliver(OutboundNotification notification);
}
