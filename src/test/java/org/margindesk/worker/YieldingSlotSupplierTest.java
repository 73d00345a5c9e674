package org.margindesk.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.worker.tuning.SlotPermit;
import io.temporal.worker.tuning.SlotReserveContext;
import io.temporal.worker.tuning.SlotSupplierFuture;
import io.temporal.worker.tuning.WorkflowSlotInfo;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.margindesk.pacing.IngestionPressure;

class YieldingSlotSupplierTest {
  private static final Duration LONG = Duration.ofMinutes(5);
  private static final SlotReserveContext<WorkflowSlotInfo> POLL = new Poll();

  private final IngestionPressure pressure = new IngestionPressure(LONG, LONG);

  @Test
  void givenNoBreachBeingRestricted_whenTheWorkerAsksForASlot_thenItGetsOneAtOnce()
      throws Exception {
    YieldingSlotSupplier<WorkflowSlotInfo> slots = new YieldingSlotSupplier<>(2, pressure);
    pressure.enter(); // a healthy batch in flight holds nothing back

    assertThat(slots.reserveSlot(POLL).get(30, TimeUnit.SECONDS)).isNotNull();
    assertThat(slots.tryReserveSlot(POLL)).isPresent();
    assertThat(slots.tryReserveSlot(POLL)).isEmpty(); // both slots taken
    assertThat(slots.getMaximumSlots()).contains(2);
  }

  @Test
  void givenBreachesBeingRestricted_whenTheWorkerAsksForASlot_thenItGetsItOnceTheyAreRestricted()
      throws Exception {
    YieldingSlotSupplier<WorkflowSlotInfo> slots = new YieldingSlotSupplier<>(1, pressure);
    IngestionPressure.Request batch = pressure.enter();
    batch.restricting();

    SlotSupplierFuture poll = slots.reserveSlot(POLL);
    assertThat(poll).isNotDone();
    assertThat(slots.tryReserveSlot(POLL)).isEmpty(); // an eager start goes through the queue

    batch.close();

    assertThat(poll.get(30, TimeUnit.SECONDS)).isNotNull();
    assertThat(slots.tryReserveSlot(POLL)).isEmpty(); // the one slot is the poll's
  }

  @Test
  void givenAPollHeldBack_whenItIsCalledOff_thenNoSlotIsKept() throws Exception {
    YieldingSlotSupplier<WorkflowSlotInfo> slots = new YieldingSlotSupplier<>(1, pressure);
    IngestionPressure.Request batch = pressure.enter();
    batch.restricting();
    SlotSupplierFuture poll = slots.reserveSlot(POLL);

    assertThat(poll.abortReservation()).isNull();
    batch.close();

    assertThat(poll).isCompletedExceptionally();
    assertThat(slots.tryReserveSlot(POLL)).isPresent();
  }

  @Test
  void givenBreachesRestrictedWithoutEnd_whenAPollWaits_thenItGetsItsSlotAtTheBound()
      throws Exception {
    IngestionPressure bounded = new IngestionPressure(LONG, Duration.ofMillis(100));
    YieldingSlotSupplier<WorkflowSlotInfo> slots = new YieldingSlotSupplier<>(1, bounded);
    bounded.enter().restricting();

    SlotPermit permit = slots.reserveSlot(POLL).get(30, TimeUnit.SECONDS);

    assertThat(permit).isNotNull();
  }

  /**
   * What the worker tells a slot supplier about a poll; the fixed-size supplier reads none of it.
   */
  private record Poll() implements SlotReserveContext<WorkflowSlotInfo> {
    @Override
    public String getTaskQueue() {
      return "margin-calls";
    }

    @Override
    public Map<SlotPermit, WorkflowSlotInfo> getUsedSlots() {
      return Map.of();
    }

    @Override
    public String getWorkerIdentity() {
      return "test";
    }

    @Override
    public String getWorkerBuildId() {
      return "";
    }

    @Override
    public int getNumIssuedSlots() {
      return 0;
    }
  }
}
