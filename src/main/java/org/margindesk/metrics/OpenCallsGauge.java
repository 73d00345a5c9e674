package org.margindesk.metrics;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.margindesk.persistence.MarginCallEntity;

/**
 * Keeps the open-calls gauge in step with the read model. A scrape never waits on the database; the
 * value is at most one refresh interval old and right on every instance, whichever opened the
 * calls.
 */
@ApplicationScoped
public class OpenCallsGauge {
  private final EntityManager em;
  private final MarginDeskMetrics metrics;

  OpenCallsGauge(EntityManager em, MarginDeskMetrics metrics) {
    this.em = em;
    this.metrics = metrics;
  }

  @Scheduled(
      every = "${margin-desk.metrics.open-calls-refresh:PT15S}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  @Transactional
  public void refresh() {
    Number open =
        (Number)
            em.createNativeQuery("SELECT count(*) FROM margin_call WHERE status IN (:open)")
                .setParameter("open", MarginCallEntity.openStatusNames())
                .getSingleResult();
    metrics.setOpenCalls(open.longValue());
  }
}
