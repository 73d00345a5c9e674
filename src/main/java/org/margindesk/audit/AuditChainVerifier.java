package org.margindesk.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.List;

/**
 * Walks the audit chain from seq 1, recomputing every hash and checking every link (see {@link
 * ChainLink}). Rows appended while the walk runs are checked too if the walk reaches them.
 */
@ApplicationScoped
public class AuditChainVerifier {
  static final int DEFAULT_PAGE_SIZE = 500;

  private final EntityManager entityManager;
  private final AuditChainer chainer;

  AuditChainVerifier(EntityManager entityManager, AuditChainer chainer) {
    this.entityManager = entityManager;
    this.chainer = chainer;
  }

  @Transactional
  public ChainVerification verify() {
    return verify(DEFAULT_PAGE_SIZE);
  }

  /** Reads the chain page by page and lets go of each row once checked, so memory stays flat. */
  @Transactional
  public ChainVerification verify(int pageSize) {
    chainer.awaitChained();
    ChainLink chain = new ChainLink();
    while (true) {
      List<AuditEventEntity> page =
          entityManager
              .createQuery(
                  "from AuditEventEntity where seq > :after order by seq", AuditEventEntity.class)
              .setParameter("after", chain.lastSeq())
              .setMaxResults(pageSize)
              .setHint("org.hibernate.readOnly", true)
              .getResultList();
      for (AuditEventEntity row : page) {
        if (!chain.accept(row)) {
          return chain.result();
        }
        entityManager.detach(row);
      }
      if (page.size() < pageSize) {
        return chain.result();
      }
    }
  }
}
