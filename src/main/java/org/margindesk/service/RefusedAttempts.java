package org.margindesk.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.jboss.logging.MDC;
import org.margindesk.audit.AuditKeys;
import org.margindesk.audit.AuditRecord;
import org.margindesk.audit.AuditTrail;
import org.margindesk.config.LogContext;

/**
 * Audits a refused decision (a refused extension, a second claim, a self-approval). A refused
 * attempt changes nothing, so no workflow or entity records it; this is the one place that does.
 * Each attempt is its own event, keyed by a fresh id rather than by the client's X-Request-Id, and
 * written in a transaction of its own so that it stays when the refusal rolls back the caller's.
 */
@ApplicationScoped
public class RefusedAttempts {
  private final AuditTrail audit;

  RefusedAttempts(AuditTrail audit) {
    this.audit = audit;
  }

  /**
   * @param subjectId the call or task the attempt was about
   * @param keyWord the key's verb ("rejected", "refused"), kept as each trail has always used it
   * @param attempt what was attempted, in the key in lower case
   * @param action the audit action, e.g. EXTENSION_REJECTED
   * @param about adds what the record says beyond who, when and which request
   */
  public void record(
      String subjectId,
      String keyWord,
      String attempt,
      String action,
      Actor actor,
      UnaryOperator<AuditRecord.Builder> about) {
    String key =
        AuditKeys.of(
            subjectId, keyWord, attempt.toLowerCase(Locale.ROOT), UUID.randomUUID().toString());
    AuditRecord record =
        about
            .apply(
                AuditRecord.builder(key, actor.name(), action)
                    .actorRoles(actor.roles())
                    .requestId(requestId()))
            .build();
    QuarkusTransaction.requiringNew().run(() -> audit.append(record));
  }

  private static String requestId() {
    Object id = MDC.get(LogContext.REQUEST_ID);
    return id == null ? null : id.toString();
  }
}
