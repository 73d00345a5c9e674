package org.margindesk.audit;

import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import org.margindesk.paging.Page;

/** Reads the audit trail in seq order, one page at a time, keyed by the last seq seen. */
@ApplicationScoped
public class AuditEventQueries {
  private final AuditChainer chainer;

  AuditEventQueries(AuditChainer chainer) {
    this.chainer = chainer;
  }

  /**
   * Up to {@code limit} events matching the filter with seq greater than {@code afterSeq}, in seq
   * order. Each call is its own read, so a long export never holds one transaction open.
   */
  @Transactional
  public List<AuditEventEntity> page(AuditEventFilter filter, long afterSeq, int limit) {
    // Before the first statement, so no pooled connection is held while the chainer works.
    chainer.awaitChained();
    List<String> where = new ArrayList<>();
    Parameters params = Parameters.with("after", afterSeq);
    where.add("seq > :after");
    equal(where, params, "accountId", filter.accountId());
    equal(where, params, "marginCallId", filter.marginCallId());
    equal(where, params, "taskId", filter.taskId());
    equal(where, params, "actor", filter.actor());
    equal(where, params, "action", filter.action());
    if (filter.from() != null) {
      where.add("occurredAt >= :from");
      params.and("from", filter.from());
    }
    if (filter.to() != null) {
      where.add("occurredAt < :to");
      params.and("to", filter.to());
    }
    return AuditEventEntity.<AuditEventEntity>find(
            String.join(" and ", where) + " order by seq", params)
        .range(0, limit - 1)
        .list();
  }

  /** A page of the list, as the API and the console show it. */
  public Page<AuditEventView> list(AuditQueryParams.Checked query) {
    return Page.of(
        page(query.filter(), query.afterSeq(), Page.fetchSize(query.limit())),
        query.limit(),
        AuditEventView::of,
        last -> AuditQueryParams.cursorAfter(last.seq));
  }

  private static void equal(List<String> where, Parameters params, String field, String value) {
    if (value != null) {
      where.add(field + " = :" + field);
      params.and(field, value);
    }
  }
}
