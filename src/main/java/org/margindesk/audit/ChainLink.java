package org.margindesk.audit;

/**
 * The running check over the chain, fed one row at a time in seq order. Kept apart from the
 * database walk so each way of breaking the chain can be shown without a database.
 */
final class ChainLink {
  private long checked;
  private long previousSeq;
  private String previousHash = AuditHashing.GENESIS;
  private Long firstBrokenSeq;

  /**
   * Checks the next row. A removed row shows as a seq gap and a prevHash mismatch, an edited row as
   * a hash that is not its fields' hash, and a row edited and re-hashed as the next row's prevHash
   * mismatch.
   *
   * @return false once the chain is broken; later rows are not checked
   */
  boolean accept(AuditEventEntity row) {
    if (firstBrokenSeq != null) {
      return false;
    }
    checked++;
    boolean intact =
        row.seq == previousSeq + 1
            && previousHash.equals(row.prevHash)
            && AuditHashing.hash(row).equals(row.hash);
    if (!intact) {
      firstBrokenSeq = row.seq;
      return false;
    }
    previousSeq = row.seq;
    previousHash = row.hash;
    return true;
  }

  long lastSeq() {
    return previousSeq;
  }

  ChainVerification result() {
    return new ChainVerification(firstBrokenSeq == null, checked, firstBrokenSeq);
  }
}
