package org.margindesk.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every setting under {@code margin-desk.*}. See the configuration table in README.md. */
@ConfigMapping(prefix = "margin-desk")
public interface MarginDeskConfig {

  /**
   * {@code all}, {@code api} or {@code worker} (env {@code MARGIN_DESK_ROLE}). Periodic jobs that
   * act on workflows check {@link #runsWorkers()} so they run once per worker pool, not on every
   * API replica as well.
   */
  @WithDefault("all")
  InstanceRole role();

  /** Whether this instance polls the Temporal task queues and runs background jobs. */
  default boolean runsWorkers() {
    return role().runsWorkers();
  }

  /** Whether this instance answers {@code /api}; a worker-only instance answers 404 there. */
  default boolean servesApi() {
    return role().servesApi();
  }

  Embedded embedded();

  Temporal temporal();

  Security security();

  Policy policy();

  Liquidation liquidation();

  Reminders reminders();

  /** Per task type (kebab case, e.g. {@code close-all-positions}): {@code sla}. */
  Map<String, TaskType> tasks();

  /** The periodic check that escalates overdue operator tasks. */
  TasksSlaCheck tasksSlaCheck();

  Gateway gateway();

  Reconciler reconciler();

  interface Liquidation {
    /**
     * Per step (kebab case, e.g. {@code close-all-positions}): {@code mode} = manual or automatic.
     * A step not listed keeps its default (LiquidationStep#defaultMode).
     */
    Map<String, StepSetting> steps();
  }

  interface StepSetting {
    Optional<String> mode();
  }

  interface Reminders {
    /** How long before the deadline each reminder goes out. */
    @WithDefault("PT6H,PT1H")
    List<Duration> offsets();
  }

  interface TaskType {
    /** How long an operator has for a task of this type before it is overdue. */
    Optional<Duration> sla();
  }

  interface TasksSlaCheck {
    /** How often tasks are checked against their SLA (also read by the scheduler). */
    @WithDefault("PT1M")
    Duration interval();
  }

  interface Gateway {
    @WithDefault("simulated")
    GatewayKind kind();

    HttpGateway http();
  }

  enum GatewayKind {
    SIMULATED,
    HTTP
  }

  interface HttpGateway {
    /** Base URL of the exchange admin endpoint, e.g. https://exchange.example/admin/v1/. */
    Optional<URI> url();

    @WithDefault("PT2S")
    Duration connectTimeout();

    @WithDefault("PT5S")
    Duration requestTimeout();

    /** Attempts per activity attempt; each repeats the same Idempotency-Key. */
    @WithDefault("3")
    int maxAttempts();
  }

  interface Reconciler {
    /** How often open calls are checked for a lost workflow (also read by the scheduler). */
    @WithDefault("PT30S")
    Duration interval();
  }

  /** The default Margin+ policy (seed 004); a facility may override any value. */
  interface Policy {
    @WithDefault("1.25")
    java.math.BigDecimal minTopUpRatio();

    @WithDefault("1.10")
    java.math.BigDecimal terminationRatio();

    @WithDefault("10")
    java.math.BigDecimal mmrMarginCall();

    @WithDefault("5")
    java.math.BigDecimal mmrLiquidation();

    @WithDefault("PT12H")
    java.time.Duration remediationWindow();

    @WithDefault("PT12H")
    java.time.Duration maxExtension();

    default org.margindesk.domain.PolicyThresholds thresholds() {
      return new org.margindesk.domain.PolicyThresholds(
          minTopUpRatio(),
          terminationRatio(),
          mmrMarginCall(),
          mmrLiquidation(),
          remediationWindow(),
          maxExtension());
    }
  }

  interface Embedded {
    /** Start PostgreSQL and a Temporal server inside this process instead of connecting out. */
    @WithDefault("false")
    boolean enabled();

    /** 0 picks a free port (used by tests so that parallel builds do not collide). */
    @WithDefault("15432")
    int postgresPort();

    @WithDefault("7233")
    int temporalPort();

    @WithDefault(".margin-desk")
    String dataDir();

    /** Wipe the data directory before the first start in this JVM; tests want a clean database. */
    @WithDefault("false")
    boolean resetOnStart();
  }

  interface Temporal {
    /** host:port of the Temporal frontend. Required in production; embedded mode sets it. */
    String target();

    String namespace();

    /** How long a worker gets to finish in-flight tasks on shutdown. */
    @WithDefault("PT10S")
    java.time.Duration shutdownGracePeriod();
  }

  interface Security {
    Bearer bearer();
  }

  /** Production authentication: OIDC / JWT bearer tokens verified against the issuer's keys. */
  interface Bearer {
    /** Expected {@code iss}; also used to discover the JWKS when {@code jwks-url} is absent. */
    Optional<String> issuer();

    Optional<String> jwksUrl();

    Optional<String> audience();

    /** Claim holding the role list; a dotted path such as {@code realm_access.roles} works. */
    @WithDefault("groups")
    String rolesClaim();

    @WithDefault("preferred_username")
    String principalClaim();
  }
}
