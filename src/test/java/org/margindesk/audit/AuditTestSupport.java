package org.margindesk.audit;

import io.quarkus.narayana.jta.QuarkusTransaction;

/** Appends a record in a transaction of its own and reads back the chained row. */
public final class AuditTestSupport {
  private AuditTestSupport() {}

  public static AuditEventEntity appendChained(AuditTrail trail, AuditRecord record) {
    QuarkusTransaction.requiringNew().run(() -> trail.append(record));
    trail.awaitChained();
    return chained(record.eventKey());
  }

  /** The chained row of this key, or null if none is chained. */
  public static AuditEventEntity chained(String eventKey) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                AuditEventEntity.<AuditEventEntity>find("eventKey", AuditKeys.fit(eventKey))
                    .firstResult());
  }
}
