package org.margindesk.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
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

  /** The operations console at {@code /console} (docs/console.md). */
  Console console();

  Policy policy();

  Liquidation liquidation();

  Reminders reminders();

  /** Per task type (kebab case, e.g. {@code close-all-positions}): {@code sla}. */
  Map<String, TaskType> tasks();

  /** The periodic check that escalates overdue operator tasks. */
  TasksSlaCheck tasksSlaCheck();

  GatewaySettings gateway();

  Ingest ingest();

  Audit audit();

  /** The audit chain (audit/AuditChainer): records are staged by writers and chained after. */
  interface Audit {
    /** How long a writer that must read its own records waits for them to be chained. */
    @WithDefault("PT5S")
    Duration chainWait();

    /** How often staged records left behind (a crash, a failed round) are chained. */
    @WithDefault("PT2S")
    Duration chainSweepInterval();
  }

  interface Ingest {
    /**
     * How far ahead of this service's clock a snapshot's asOf, or a Binance event's E, may be;
     * beyond it the snapshot is refused, since a future asOf would make every real one stale.
     */
    @WithDefault("PT5M")
    Duration maxClockSkew();

    /**
     * Single snapshot requests (native or Binance) that arrive while earlier ones are being applied
     * are applied together, in one transaction (persistence.GroupCommit): at most this many such
     * transactions at a time. Nothing waits to fill a group, so a quiet system answers as fast. One
     * gives the largest groups: on two cores it answered 1,400 single POSTs a second from 16
     * clients, against 990 with two and 775 with four (docs/performance.md).
     */
    @WithDefault("1")
    int singleGroupsInFlight();

    /** The most single snapshot requests applied in one transaction. */
    @WithDefault("250")
    int singleGroupMaxSize();

    /**
     * Synthetic breaches whose CPU-only part of opening a call is run at start, so that a market
     * shock meets that code compiled (service.BreachPathWarmup); 0 runs none.
     */
    @WithDefault("10000")
    int warmUpBreaches();
  }

  Reconciler reconciler();

  WorkflowStarts workflowStarts();

  Idempotency idempotency();

  /** The Idempotency-Key header of the admin API (docs/runbook.md#idempotency-keys). */
  interface Idempotency {
    /**
     * How long a key and its answer are kept and matched; at least PT24H (checked at startup),
     * since clients are promised that a retry within a day is answered from its key.
     */
    @WithDefault("P1D")
    Duration retention();

    /** How often worker instances delete keys past the retention (also read by the scheduler). */
    @WithDefault("PT1H")
    Duration purgeInterval();
  }

  Metrics metrics();

  interface Metrics {
    /**
     * How often the open-calls gauge is re-read from the read model (also read by the scheduler).
     */
    @WithDefault("PT15S")
    Duration openCallsRefresh();
  }

  NotificationSettings notifications();

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

  interface Reconciler {
    /** How often open calls are checked for a lost workflow (also read by the scheduler). */
    @WithDefault("PT30S")
    Duration interval();

    /**
     * A call opened less than this long ago is left to the workflow start that follows its commit:
     * the reconciler never races a live start.
     */
    @WithDefault("PT15S")
    Duration startGrace();
  }

  /** The outbox of workflow starts (service/WorkflowStarts). */
  interface WorkflowStarts {
    /** How many threads start workflows and deliver notices after ingestion commits. */
    @WithDefault("8")
    int parallelism();

    /** How many starts and notices may wait for those threads; beyond it the sweeper takes them. */
    @WithDefault("100000")
    int queueCapacity();

    /** How often the sweeper looks for starts not made (after a crash, or a failed start). */
    @WithDefault("PT5S")
    Duration sweepInterval();

    /**
     * Whether a start is made as soon as its call commits; false leaves every start to the sweeper,
     * exactly as after a crash between the commit and the start (tests of that case use it).
     */
    @WithDefault("true")
    boolean immediate();

    /**
     * How long a start may wait, after it was queued, while ingestion requests are in flight
     * (pacing/IngestionPressure): the safety path first. PT0S never waits. Five seconds covers a
     * 10,000-breach shock on two cores: restricted in 6.0 s with it, 7.1 s with PT0.5S
     * (docs/performance.md); the accounts are restricted already, the call's deadline counts from
     * the breach, and a notice to a running call does not itself wait for ingestion (it may queue
     * behind a start on its dispatch thread).
     */
    @WithDefault("PT5S")
    Duration yieldToIngestion();

    /**
     * How long a start may wait for a free workflow-task slot of this instance's worker, so that
     * the workflow's first task goes straight to it and starts keep their dispatch order
     * (worker/WorkflowTaskRoom). PT0S never waits; an instance that runs no worker never waits.
     */
    @WithDefault("PT10S")
    Duration waitForWorker();

    /**
     * How long bookkeeping may wait while ingestion is restricting breaches (from the moment a
     * request's evaluation finds a call to open until it has committed and a remote exchange has
     * confirmed): a workflow start or notice after it was queued, the Temporal worker for each new
     * workflow or activity task it would poll for (pacing/IngestionPressure,
     * worker/YieldingSlotSupplier), and the audit chainer's round, in all (audit/AuditChainer). A
     * healthy feed holds nothing back. PT0S never waits.
     */
    @WithDefault("PT5S")
    Duration yieldToRestrictions();
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

    /**
     * Embedded mode sets it: the embedded server's name in this JVM, which the service's client
     * uses instead of {@link #target()} when it can reach it (see TemporalClientProducer).
     */
    Optional<String> inProcessName();

    String namespace();

    /** How long a worker gets to finish in-flight tasks on shutdown. */
    @WithDefault("PT10S")
    java.time.Duration shutdownGracePeriod();

    /** How often the SDK's own metrics (temporal_*) are pushed into the Micrometer registry. */
    @WithDefault("PT10S")
    java.time.Duration metricsReportInterval();

    /**
     * Workflow tasks this instance's worker runs at once; half the SDK's 200. Each task runs on its
     * own workflow thread, and on 2 cores 200 of them at once mostly switched between each other:
     * with 100 (a cache of 100 on 200 threads) every workflow of the 10,000-breach shock ran about
     * a second sooner in each of four pairs of runs (docs/performance-runs-from-z.md, run Z).
     */
    @WithDefault("100")
    int workflowTaskSlots();

    /** Activity tasks this instance's worker runs at once (the SDK's default). */
    @WithDefault("200")
    int activityTaskSlots();

    /** Local activities this instance's worker runs at once (the SDK's default). */
    @WithDefault("200")
    int localActivitySlots();

    /**
     * Workflows whose state this instance keeps between their tasks; one that was evicted replays
     * its history at its next task. As many as the workflow tasks it runs at once, not the SDK's
     * 600: a call waits hours between its tasks, so a shock's new workflows evict the cached ones
     * whatever the size, and each cached workflow parks a thread. On 2 cores, with 200 every
     * workflow of the 10,000-breach shock ran at 23.1–24.0 s against 23.9–27.8 s with 600
     * (docs/performance-runs-from-x.md, run Y); with 3,000, 10–13 s later (run T).
     */
    @WithDefault("100")
    int workflowCacheSize();

    /**
     * Threads for cached workflows, one per workflow at least; twice the cache, as a workflow may
     * run more than one (an update's handler, a refusal waited out in the background).
     */
    @WithDefault("200")
    int maxWorkflowThreads();
  }

  interface Console {
    /** Calls opened within a minute from which the desk shows the shock banner. */
    @WithDefault("10")
    long shockThreshold();

    /** Open calls per desk page; the rest are on the next pages (a shock opens thousands). */
    @WithDefault("100")
    int deskPageSize();

    /** Signs the anti-forgery tokens; without it each start makes a key of its own. */
    Optional<String> csrfSecret();
  }

  interface Security {
    Bearer bearer();

    ConsoleLogin console();
  }

  /**
   * The console's OIDC client in production; ConsoleAuthSettings reads these keys while
   * configuration is assembled and derives the {@code console} tenant of quarkus-oidc from them.
   */
  interface ConsoleLogin {
    Optional<String> clientId();

    Optional<String> clientSecret();
  }

  /**
   * Bearer tokens, verified by quarkus-oidc against the issuer's keys. BearerTokenSettings reads
   * these keys while configuration is assembled and derives {@code quarkus.oidc.*} from them; they
   * are declared here so that they are known keys with their defaults in one place.
   */
  interface Bearer {
    /** Expected {@code iss}; also used to discover the JWKS when {@code jwks-url} is absent. */
    Optional<String> issuer();

    Optional<String> jwksUrl();

    /** The {@code aud} every token must carry; required in production. */
    Optional<String> audience();

    /** Claim holding the role list; a dotted path such as {@code realm_access.roles} works. */
    @WithDefault(BearerTokenSettings.DEFAULT_ROLES_CLAIM)
    String rolesClaim();

    /** Claim with the display name; four-eyes compares {@code iss#sub}, not this. */
    @WithDefault(BearerTokenSettings.DEFAULT_PRINCIPAL_CLAIM)
    String principalClaim();
  }
}
