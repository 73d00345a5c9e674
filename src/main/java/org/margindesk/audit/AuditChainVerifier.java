package org.margindesk.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.List;

/**
 * Walks the audit chain from seq 1 and recomputes every hash. A row is broken when its seq does not
 * follow the previous one (a row was removed), its prevHash is not the previous row's hash (a row
 * was removed or re-hashed) or its hash is not the hash of its own fields (a row was edited).
 */
@ApplicationScoped
public class AuditChainVerifier {
  static final int DEFAULT_PAGE_SIZE = 500;

  private final EntityManager entityManager;

  AuditChainVerifier(EntityManager entityManager) {
    this.entityManager = entityManager;
  }

  @Transactional
  public ChainVerification verify() {
    return verify(DEFAULT_PAGE_SIZE);
  }

  /** Reads the chain page by page and lets go of each row once checked, so memory stays flat. */
  @Transactional
  public ChainVerification verify(int pageSize) {
    long checked = 0;
    long previousSeq = 0;
    String previousHash = AuditHashing.GENESIS;
    while (true) {
      List<AuditEventEntity> page =
          entityManager
              .createQuery(
                  "from AuditEventEntity where seq > :after order by seq", AuditEventEntity.class)
              .setParameter("after", previousSeq)
              .setMaxResults(pageSize)
              .setHint("org.hibernate.readOnly", true)
              .getResultList();
      for (AuditEventEntity row : page) {
        checked++;
        boolean intact =
            row.seq == previousSeq + 1
                && previousHash.equals(row.prevHash)
                && AuditHashing.hash(row).equals(row.hash);
        if (!intact) {
          return new ChainVerification(false, checked, row.seq);
        }
        previousSeq = row.seq;
        previousHash = row.hash;
        entityManager.detach(row);
      }
      if (page.size() < pageSize) {
        return new ChainVerification(true, checked, null);
      }
    }
  }
}
