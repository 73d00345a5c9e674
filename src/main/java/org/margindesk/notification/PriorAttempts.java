package org.margindesk.notification;

import jakarta.persistence.EntityManager;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.margindesk.persistence.NotificationEntity;

/**
 * What earlier attempts of a batch of notifications did, read in one query: which channels already
 * took each one in its current send (they are not tried again), and each channel's last attempt
 * number (attempts count on across sends).
 */
final class PriorAttempts {
  private record ChannelOf(UUID notificationId, String channel) {}

  private final Set<ChannelOf> deliveredThisSend = new HashSet<>();
  private final Map<ChannelOf, Integer> lastAttemptNo = new HashMap<>();

  private PriorAttempts() {}

  static PriorAttempts of(EntityManager em, Collection<NotificationEntity> notifications) {
    PriorAttempts prior = new PriorAttempts();
    if (notifications.isEmpty()) {
      return prior;
    }
    Map<UUID, Integer> currentSend = new HashMap<>();
    notifications.forEach(n -> currentSend.put(n.id, n.sendNo));
    List<Object[]> rows =
        em.createQuery(
                "select a.notificationId, a.channel, a.sendNo, max(a.attemptNo),"
                    + " sum(case when a.outcome = 'DELIVERED' then 1 else 0 end)"
                    + " from NotificationAttemptEntity a where a.notificationId in :ids"
                    + " group by a.notificationId, a.channel, a.sendNo",
                Object[].class)
            .setParameter("ids", currentSend.keySet())
            .getResultList();
    for (Object[] row : rows) {
      UUID id = (UUID) row[0];
      ChannelOf key = new ChannelOf(id, (String) row[1]);
      int sendNo = ((Number) row[2]).intValue();
      prior.lastAttemptNo.merge(key, ((Number) row[3]).intValue(), Math::max);
      if (sendNo == currentSend.get(id) && ((Number) row[4]).longValue() > 0) {
        prior.deliveredThisSend.add(key);
      }
    }
    return prior;
  }

  /** Whether {@code channel} already took this notification in its current send. */
  boolean delivered(NotificationEntity n, String channel) {
    return deliveredThisSend.contains(new ChannelOf(n.id, channel));
  }

  /** The number the next attempt on {@code channel} gets. */
  int nextAttemptNo(NotificationEntity n, String channel) {
    return lastAttemptNo.getOrDefault(new ChannelOf(n.id, channel), 0) + 1;
  }
}
