package org.margindesk.workflow;

import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

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
   */
  public static LocalActivityOptions restriction() {
    return LocalActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofSeconds(30))
        .setRetryOptions(retry())
        .build();
  }
}
