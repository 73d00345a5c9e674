package org.margindesk.workflow;

import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;
import org.margindesk.workflow.messages.values.LifecycleFailure;

/** Every activity option of the margin-call workflow, in one place. */
public final class LifecycleActivityOptions {
  private LifecycleActivityOptions() {}

  /**
   * Effects must eventually happen: retry without a limit, backing off to a minute, except for the
   * failures a retry cannot fix.
   */
  public static RetryOptions retry() {
    return RetryOptions.newBuilder()
        .setInitialInterval(Duration.ofMillis(200))
        .setBackoffCoefficient(2.0)
        .setMaximumInterval(Duration.ofMinutes(1))
        .setDoNotRetry(LifecycleFailure.nonRetryableTypes())
        .build();
  }

  /** Database work and gateway calls; the HTTP gateway's own attempts fit inside this. */
  public static ActivityOptions standard() {
    return ActivityOptions.newBuilder()
        .setTaskQueue(TaskQueues.MARGIN_CALLS)
        .setStartToCloseTimeout(Duration.ofSeconds(60))
        .setRetryOptions(retry())
        .build();
  }

  /**
   * The restriction at open runs as a local activity: no round trip through the server before the
   * account is restricted, which is what makes a burst of breaches fast (STACK.md measurements).
   * Without a schedule-to-close timeout the SDK (1.38) does not retry a local activity: the first
   * 503 or timeout from the exchange reached the workflow and failed it, and only the reconciler
   * brought the call back (found by scripts/outage-suite.sh; ExchangeRefusalWorkflowTest). The
   * bound is long enough to mean "until it happens", as for {@link #standard()}.
   */
  public static LocalActivityOptions restriction() {
    return LocalActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofSeconds(30))
        .setScheduleToCloseTimeout(Duration.ofDays(3650))
        .setRetryOptions(retry())
        .build();
  }
}
