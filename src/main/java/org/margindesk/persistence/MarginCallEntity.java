package org.margindesk.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.margindesk.domain.CallStatus;
import org.margindesk.domain.MarginCallIds;

/** The margin_call read model; the workflow with the same id drives it. */
@Entity
@Table(name = "margin_call")
public class MarginCallEntity extends PanacheEntityBase {
  /** The statuses of a call a workflow must be driving. */
  public static final List<CallStatus> OPEN_STATUSES =
      Arrays.stream(CallStatus.values()).filter(CallStatus::isOpen).toList();

  @Id public String id;

  @Column(name = "account_id", nullable = false)
  public String accountId;

  @Column(name = "call_number", nullable = false)
  public int callNumber;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  public CallStatus status;

  @Column(name = "opening_assessment", nullable = false)
  public String openingAssessment;

  @Column(name = "latest_assessment", nullable = false)
  public String latestAssessment;

  @JdbcTypeCode(SqlTypes.JSON)
  @Column(name = "trigger_reasons", columnDefinition = "jsonb", nullable = false)
  public String triggerReasons;

  @JdbcTypeCode(SqlTypes.JSON)
  @Column(columnDefinition = "jsonb", nullable = false)
  public String policy;

  @JdbcTypeCode(SqlTypes.JSON)
  @Column(columnDefinition = "jsonb", nullable = false)
  public String figures;

  @JdbcTypeCode(SqlTypes.JSON)
  @Column(name = "step_modes", columnDefinition = "jsonb", nullable = false)
  public String stepModes;

  @Column(name = "opened_at", nullable = false)
  public Instant openedAt;

  @Column(nullable = false)
  public Instant deadline;

  @Column(name = "current_step")
  public String currentStep;

  @Column(name = "closed_at")
  public Instant closedAt;

  public String outcome;

  /** The AssessmentNotice (JSON) not yet delivered to the workflow; null once it is. */
  @JdbcTypeCode(SqlTypes.JSON)
  @Column(name = "pending_notice", columnDefinition = "jsonb")
  public String pendingNotice;

  @Column(name = "updated_at", nullable = false)
  public Instant updatedAt;

  /** When both opening restrictions were confirmed at the exchange; null while pending. */
  @Column(name = "restricted_at")
  public Instant restrictedAt;

  public static Optional<MarginCallEntity> findOpen(String accountId) {
    return find("accountId = ?1 and status in ?2", accountId, OPEN_STATUSES).firstResultOptional();
  }

  /** An open call as the reconciler first sees it: its id, and whether a notice awaits it. */
  public record Reconcilable(String id, boolean noticePending) {}

  /**
   * The OPEN or LIQUIDATING calls opened before {@code before}, oldest first, leaving out those
   * whose first start is still in the workflow_start outbox: the outbox starts them from their
   * original input.
   */
  @SuppressWarnings("unchecked")
  public static List<Reconcilable> openOpenedBefore(Instant before) {
    List<Object[]> rows =
        getEntityManager()
            .createNativeQuery(
                "SELECT c.id, c.pending_notice IS NOT NULL FROM margin_call c WHERE c.status IN"
                    + " (:open) AND c.opened_at < :before AND NOT EXISTS (SELECT 1 FROM"
                    + " workflow_start w WHERE w.call_id = c.id) ORDER BY c.opened_at")
            .setParameter("open", openStatusNames())
            .setParameter("before", java.sql.Timestamp.from(before))
            .getResultList();
    return rows.stream()
        .map(row -> new Reconcilable((String) row[0], Boolean.TRUE.equals(row[1])))
        .toList();
  }

  /**
   * Marks the call restricted once both opening restrictions are on record; the workflow's opening
   * step calls it after recording each of them. Joins the caller's transaction.
   */
  public static void markRestrictedIfConfirmed(String callId, Instant now) {
    getEntityManager()
        .createNativeQuery(
            "UPDATE margin_call SET restricted_at = :now WHERE id = :id AND restricted_at IS NULL"
                + " AND (SELECT count(DISTINCT event_key) FROM audit_record WHERE event_key IN"
                + " (:keys)) = 2")
        .setParameter("now", java.sql.Timestamp.from(now))
        .setParameter("id", callId)
        .setParameter("keys", MarginCallIds.openingRestrictionKeys(callId))
        .executeUpdate();
  }

  /** {@link #OPEN_STATUSES} as they are stored, for native SQL. */
  public static List<String> openStatusNames() {
    return OPEN_STATUSES.stream().map(Enum::name).toList();
  }

  public static Optional<MarginCallEntity> findOpenById(String id) {
    return find("id = ?1 and status in ?2", id, OPEN_STATUSES).firstResultOptional();
  }
}
