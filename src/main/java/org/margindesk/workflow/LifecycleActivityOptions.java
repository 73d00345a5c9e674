package org.margindesk.workflow;

import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;
import org.margindesk.workflow.messages.values.LifecycleFailure;

/** Every activity option of the margin-call workflow, in one place. */
public final class LifecycleActivityOptions {
  private LifecycleActivityOptions() {}

  // Built once: the options are immutable, and each workflow run asks for them about ten times
  // as it builds its stubs, thousands of runs a second in a shock.
  private static final RetryOptions RETRY =
      RetryOptions.newBuilder()
          .setInitialInterval(Duration.ofMillis(200))
          .setBackoffCoefficient(2.0)
          .setMaximumInterval(Duration.ofMinutes(1))
          .setDoNotRetry(LifecycleFailure.nonRetryableTypes())
          .build();

  private static final ActivityOptions STANDARD =
      ActivityOptions.newBuilder()
          .setTaskQueue(TaskQueues.MARGIN_CALLS)
          .setStartToCloseTimeout(Duration.ofSeconds(60))
          .setRetryOptions(RETRY)
          .build();

  /**
   * Effects must eventually happen: retry without a limit, backing off to a minute, except for the
   * failures a retry cannot fix.
   */
  public static RetryOptions retry() {
    return RETRY;
  }

  /** Database work and gateway calls; the HTTP gateway's own attempts fit inside this. */
  public static ActivityOptions standard() {
    return STANDARD;
  }

  /** How long the local activities retry before the server's retries take over. */
  public static final Duration LOCAL_RETRY_BUDGET = Duration.ofMinutes(5);

  /**
   * A call's effects (the opening's row and restrictions; since {@link
   * CallEffects#EFFECTS_LOCAL_FIRST} the liquidation steps, progress records and notices too) run
   * as local activities: no round trip through the server, which is what makes a burst of breaches
   * fast (STACK.md measurements).
   *
   * <p>Without a schedule-to-close timeout the SDK (1.38) does not retry a local activity: the
   * first 503 or timeout from the exchange reached the workflow and failed it, and only the
   * reconciler brought the call back (found by scripts/outage-suite.sh;
   * ExchangeRefusalWorkflowTest).
   *
   * <p>The bound is short, and {@link LocalFirst} hands the effect over to an ordinary activity
   * once it passes, because the SDK's local-activity worker (LocalActivityWorker, 1.38) schedules
   * each local activity's schedule-to-close deadline on a ScheduledThreadPoolExecutor that keeps a
   * cancelled task queued until its time would have come. With a bound of ten years meant as "until
   * it happens", every local activity left its cancelled deadline in the heap for good: 26,499 of
   * them after 15 minutes of a 1,000 snapshots/s soak (docs/reliability.md, "Load"). Now each
   * leaves it for at most {@link #LOCAL_RETRY_BUDGET}.
   */
  public static LocalActivityOptions localFirst() {
    return LOCAL_FIRST;
  }

  private static final LocalActivityOptions LOCAL_FIRST =
      LocalActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setScheduleToCloseTimeout(LOCAL_RETRY_BUDGET)
          .setRetryOptions(RETRY)
          .build();
}
