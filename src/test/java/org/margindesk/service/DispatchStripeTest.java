package org.margindesk.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.margindesk.service.DispatchStripe.Urgency;

class DispatchStripeTest {
  private final List<String> ran = Collections.synchronizedList(new ArrayList<>());

  @Test
  void givenQueuedWorkOfMixedUrgency_whenTheThreadIsFree_thenTheMostUrgentRunsFirstInQueueOrder()
      throws InterruptedException {
    DispatchStripe stripe = new DispatchStripe("stripe-test", 100);
    CountDownLatch release = new CountDownLatch(1);
    stripe.execute(Urgency.ROUTINE, () -> awaitQuietly(release, "busy"));
    stripe.execute(Urgency.ROUTINE, () -> ran.add("start of a margin call"));
    stripe.execute(Urgency.ROUTINE, () -> ran.add("its notice"));
    stripe.execute(Urgency.LIQUIDATION, () -> ran.add("start of a liquidation"));
    stripe.execute(Urgency.RESTRICTION, () -> ran.add("pending restriction"));
    stripe.execute(Urgency.LIQUIDATION, () -> ran.add("start of a second liquidation"));
    CountDownLatch done = new CountDownLatch(1);
    stripe.execute(Urgency.ROUTINE, done::countDown);

    release.countDown();

    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(ran)
        .containsExactly(
            "busy",
            "pending restriction",
            "start of a liquidation",
            "start of a second liquidation",
            "start of a margin call",
            "its notice");
  }

  @Test
  void givenAFullQueue_whenMoreWorkComes_thenItIsRefusedAndTheQueuedWorkStillRuns()
      throws InterruptedException {
    DispatchStripe stripe = new DispatchStripe("stripe-full-test", 2);
    CountDownLatch release = new CountDownLatch(1);
    stripe.execute(Urgency.ROUTINE, () -> awaitQuietly(release, "busy"));
    stripe.execute(Urgency.ROUTINE, () -> ran.add("first queued"));
    CountDownLatch done = new CountDownLatch(1);
    stripe.execute(Urgency.ROUTINE, done::countDown);

    assertThatThrownBy(() -> stripe.execute(Urgency.RESTRICTION, () -> ran.add("over the bound")))
        .isInstanceOf(RejectedExecutionException.class)
        .hasMessageContaining("full");
    release.countDown();

    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(ran).containsExactly("busy", "first queued");
  }

  private void awaitQuietly(CountDownLatch release, String name) {
    try {
      assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
      ran.add(name);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
