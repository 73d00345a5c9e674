package org.margindesk.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.margindesk.audit.AuditRecord;
import org.margindesk.audit.AuditTrail;
import org.margindesk.config.JsonMapping;
import org.margindesk.config.JsonText;
import org.margindesk.config.MarginDeskConfig;
import org.margindesk.domain.PolicyOverrides;
import org.margindesk.domain.PolicyThresholds;
import org.margindesk.domain.Refusal;
import org.margindesk.gateway.AccountControls;
import org.margindesk.gateway.ExchangeGateway;
import org.margindesk.persistence.AccountRiskEntity;
import org.margindesk.persistence.FacilityEntity;

/** Registers and changes Margin+ facilities, and assembles the account view. */
@ApplicationScoped
public class FacilityService {
  public static final String FACILITY_REGISTERED = "FACILITY_REGISTERED";
  public static final String FACILITY_UPDATED = "FACILITY_UPDATED";

  /** A validated PUT body; {@code exchangeAlias} null means "the account id". */
  public record FacilityCommand(
      BigDecimal marginPlusAmount,
      String asset,
      String exchangeAlias,
      String contactEmail,
      PolicyOverrides policy) {}

  public record Saved(FacilityView facility, boolean created) {}

  /** Everything an account's page shows; {@code risk} is null before the first snapshot. */
  public record AccountOverview(
      FacilityView facility,
      AccountView.LatestRisk risk,
      PolicyThresholds policy,
      AccountControls restrictions,
      Optional<String> openMarginCallId) {

    public AccountView view(String accountId) {
      return new AccountView(
          accountId, facility, risk, restrictions, openMarginCallId.orElse(null));
    }
  }

  private final EntityManager entityManager;
  private final MarginDeskConfig config;
  private final AuditTrail audit;
  private final Clock clock;
  private final MarginCallLifecycle lifecycle;
  private final ExchangeGateway exchange;

  FacilityService(
      EntityManager entityManager,
      MarginDeskConfig config,
      AuditTrail audit,
      Clock clock,
      MarginCallLifecycle lifecycle,
      ExchangeGateway exchange) {
    this.entityManager = entityManager;
    this.config = config;
    this.audit = audit;
    this.clock = clock;
    this.lifecycle = lifecycle;
    this.exchange = exchange;
  }

  /**
   * Creates the facility or replaces its terms. PUT replaces: policy values left out of the request
   * fall back to the configured defaults. The status is the lifecycle's to change and is kept. A
   * request that changes nothing records nothing.
   */
  @Transactional
  public Saved put(String accountId, FacilityCommand command, Actor actor) {
    PolicyOverrides overrides = command.policy() == null ? PolicyOverrides.NONE : command.policy();
    PolicyThresholds effective;
    try {
      effective = overrides.applyTo(config.policy().thresholds());
    } catch (IllegalArgumentException e) {
      throw Refusal.unprocessableField("policy", e.getMessage());
    }
    String alias = command.exchangeAlias() == null ? accountId : command.exchangeAlias();
    Optional<FacilityEntity> aliasOwner =
        FacilityEntity.<FacilityEntity>find("exchangeAlias", alias).firstResultOptional();
    if (aliasOwner.isPresent() && !aliasOwner.get().accountId.equals(accountId)) {
      throw Refusal.conflict(
          "exchangeAlias '" + alias + "' already belongs to account " + aliasOwner.get().accountId);
    }
    FacilityEntity facility = entityManager.find(FacilityEntity.class, accountId);
    boolean created = facility == null;
    String before = created ? null : json(FacilityView.of(facility, effectivePolicy(facility)));
    Instant now = clock.instant();
    if (created) {
      facility = new FacilityEntity();
      facility.accountId = accountId;
      facility.status = FacilityEntity.ACTIVE;
      facility.createdAt = now;
    }
    FacilityEntity target = facility;
    target.marginPlusAmount = command.marginPlusAmount();
    target.asset = command.asset();
    target.exchangeAlias = alias;
    target.contactEmail = command.contactEmail();
    target.minTopUpRatio = overrides.minTopUpRatio();
    target.terminationRatio = overrides.terminationRatio();
    target.mmrMarginCall = overrides.mmrMarginCall();
    target.mmrLiquidation = overrides.mmrLiquidation();
    target.remediationWindow = text(overrides.remediationWindow());
    target.maxExtension = text(overrides.maxExtension());
    FacilityView view = FacilityView.of(target, effective);
    String after = json(view);
    if (!created && Objects.equals(before, after)) {
      // Hibernate sees the same values and issues no update; nothing changed, nothing to record.
      return new Saved(view, false);
    }
    target.updatedAt = now;
    if (created) {
      entityManager.persist(target);
    }
    entityManager.flush();
    audit.append(
        AuditRecord.builder(
                created
                    ? "facility:" + accountId + ":registered"
                    : "facility:" + accountId + ":v" + target.version,
                actor.name(),
                created ? FACILITY_REGISTERED : FACILITY_UPDATED)
            .actorRoles(actor.roles())
            .accountId(accountId)
            .before(before)
            .after(after)
            .build());
    return new Saved(view, created);
  }

  public Optional<AccountOverview> account(String accountId) {
    // The exchange may be remote: it is asked before the transaction, never inside it.
    AccountControls restrictions = exchange.restrictions(accountId);
    return QuarkusTransaction.joiningExisting()
        .call(
            () -> {
              FacilityEntity facility = entityManager.find(FacilityEntity.class, accountId);
              if (facility == null) {
                return Optional.<AccountOverview>empty();
              }
              PolicyThresholds policy = effectivePolicy(facility);
              AccountRiskEntity risk = entityManager.find(AccountRiskEntity.class, accountId);
              return Optional.of(
                  new AccountOverview(
                      FacilityView.of(facility, policy),
                      AccountView.LatestRisk.of(risk),
                      policy,
                      restrictions,
                      lifecycle.openMarginCallId(accountId)));
            });
  }

  /** Configuration defaults overridden by the facility's own non-null values. */
  public PolicyThresholds effectivePolicy(FacilityEntity facility) {
    return facility.policyOverrides().applyTo(config.policy().thresholds());
  }

  private static String text(Duration duration) {
    return duration == null ? null : duration.toString();
  }

  static String json(Object value) {
    return JsonText.write(JsonMapping.MAPPER, value);
  }
}
