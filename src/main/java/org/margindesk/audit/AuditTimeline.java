package org.margindesk.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;

/** A margin call's history, read from the audit trail so it shows exactly what was recorded. */
@ApplicationScoped
public class AuditTimeline {
  private static final int PAGE_SIZE = 500;

  private final AuditEventQueries queries;

  AuditTimeline(AuditEventQueries queries) {
    this.queries = queries;
  }

  /** Every event recorded for the call, in seq order; empty for an unknown call. */
  @Transactional
  public List<TimelineEntry> forMarginCall(String marginCallId) {
    AuditEventFilter filter = AuditEventFilter.forMarginCall(marginCallId);
    List<TimelineEntry> entries = new ArrayList<>();
    long after = 0;
    while (true) {
      List<AuditEventEntity> page = queries.page(filter, after, PAGE_SIZE);
      for (AuditEventEntity row : page) {
        entries.add(TimelineEntry.of(row));
        after = row.seq;
      }
      if (page.size() < PAGE_SIZE) {
        return entries;
      }
    }
  }
}
