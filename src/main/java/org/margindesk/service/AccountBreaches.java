package org.margindesk.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.margindesk.activity.AccountBreachCheck;
import org.margindesk.domain.Assessment;
import org.margindesk.domain.MarginPlusPolicy;
import org.margindesk.domain.PolicyEvaluation;
import org.margindesk.persistence.AccountRiskEntity;
import org.margindesk.persistence.FacilityEntity;

/**
 * Whether an account needs a margin call is decided from its state: its latest assessment is not
 * HEALTHY and no call is open. A change of assessment is not enough: a breach that arrives while a
 * cure or a waiver is being applied is heard by a call that is about to close, and would otherwise
 * leave the account in breach with no call and no restriction.
 */
@ApplicationScoped
public class AccountBreaches implements AccountBreachCheck {
  private static final Logger LOG = Logger.getLogger(AccountBreaches.class);

  private final EntityManager em;
  private final FacilityService facilities;
  private final MarginCallLifecycle lifecycle;
  private final Clock clock;

  AccountBreaches(
      EntityManager em, FacilityService facilities, MarginCallLifecycle lifecycle, Clock clock) {
    this.em = em;
    this.facilities = facilities;
    this.lifecycle = lifecycle;
    this.clock = clock;
  }

  /**
   * Takes the account's risk row lock for the rest of the transaction. Ingestion takes it first,
   * and so must anything that then locks a call of the account, or the two would deadlock. The row
   * is created on first use (ON CONFLICT DO NOTHING), so even the very first snapshots of an
   * account are serialised.
   */
  @Override
  @Transactional(Transactional.TxType.MANDATORY)
  public AccountRiskEntity lock(String accountId) {
    em.createNativeQuery(
            "INSERT INTO account_risk (account_id, assessment, updated_at)"
                + " VALUES (:account, 'HEALTHY', :now) ON CONFLICT (account_id) DO NOTHING")
        .setParameter("account", accountId)
        .setParameter("now", clock.instant())
        .executeUpdate();
    return em.find(AccountRiskEntity.class, accountId, LockModeType.PESSIMISTIC_WRITE);
  }

  /**
   * Opens a call if the account's latest assessment is in breach and none is open; the caller holds
   * the account's lock ({@link #lock}). Used when a call closes CURED or WAIVED.
   *
   * @param appliedAfter only a snapshot applied after this counts, or any when null. A cure means
   *     the call saw the account HEALTHY, so any breach now is newer; a waiver is granted while the
   *     account is in breach, so only a breach applied after the approval is a new one.
   * @return the id of the call opened
   */
  @Override
  @Transactional(Transactional.TxType.MANDATORY)
  public Optional<String> openIfStillInBreach(String accountId, Instant appliedAfter) {
    AccountRiskEntity risk = em.find(AccountRiskEntity.class, accountId);
    if (risk == null
        || Assessment.HEALTHY.name().equals(risk.assessment)
        || (appliedAfter != null && !risk.updatedAt.isAfter(appliedAfter))
        || lifecycle.openMarginCallId(accountId).isPresent()) {
      return Optional.empty();
    }
    FacilityEntity facility = em.find(FacilityEntity.class, accountId);
    if (facility == null) {
      return Optional.empty();
    }
    PolicyEvaluation evaluation =
        MarginPlusPolicy.evaluate(
            facility.marginPlusAmount,
            facilities.effectivePolicy(facility),
            risk.collateralBalance,
            risk.mmr());
    if (evaluation.assessment() == Assessment.HEALTHY) {
      return Optional.empty();
    }
    Optional<String> opened =
        lifecycle.onAssessmentChanged(
            new AssessmentChange(
                accountId,
                Assessment.HEALTHY,
                evaluation,
                risk.collateralBalance,
                risk.maintenanceMarginRatio,
                risk.asOf,
                risk.lastSnapshotId == null ? null : risk.lastSnapshotId.toString()));
    opened.ifPresent(
        callId ->
            LOG.warnf(
                "Account %s is still %s after its call closed: opened %s",
                accountId, evaluation.assessment(), callId));
    return opened;
  }
}
