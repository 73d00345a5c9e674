package org.margindesk.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.worker.tuning.SlotMarkUsedContext;
import io.temporal.worker.tuning.SlotPermit;
import io.temporal.worker.tuning.SlotReleaseContext;
import io.temporal.worker.tuning.SlotReleaseReason;
import io.temporal.worker.tuning.WorkflowSlotInfo;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.margindesk.pacing.IngestionPressure;

class WorkflowTaskRoomTest {
  private static final Duration LONG = Duration.ofMinutes(5);

  private final WorkflowTaskRoom room = new WorkflowTaskRoom(2);

  @Test
  void givenFreeSlots_whenAStartAsksForRoom_thenItHasItAtOnce() {
    room.issued(new SlotPermit());

    assertThat(room.awaitRoom(1, Duration.ZERO)).isTrue();
    assertThat(room.awaitRoom(2, Duration.ZERO)).as("only one slot is free").isFalse();
  }

  @Test
  void givenEverySlotTaken_whenOneIsReleased_thenTheWaitingStartGoesOn() throws Exception {
    SlotPermit first = new SlotPermit();
    room.issued(first);
    room.issued(new SlotPermit());
    CompletableFuture<Boolean> start = CompletableFuture.supplyAsync(() -> room.awaitRoom(1, LONG));

    assertThat(start).isNotDone();
    room.released(first);

    assertThat(start.get(30, TimeUnit.SECONDS)).isTrue();
    assertThat(room.taken()).isEqualTo(1);
  }

  @Test
  void givenEverySlotTakenForGood_whenAStartWaits_thenItGoesOnAtTheBound() {
    room.issued(new SlotPermit());
    room.issued(new SlotPermit());

    assertThat(room.awaitRoom(1, Duration.ofMillis(100))).isFalse();
  }

  @Test
  void givenTheWorkersSlots_whenTakenAndGivenBack_thenTheRoomCountsThemWhetherUsedOrNot()
      throws Exception {
    WorkflowTaskRoom room = new WorkflowTaskRoom(3);
    YieldingSlotSupplier<WorkflowSlotInfo> slots =
        new YieldingSlotSupplier<>(3, new IngestionPressure(LONG, LONG), room);
    SlotPermit eager = slots.tryReserveSlot(null).orElseThrow();
    SlotPermit polling = slots.reserveSlot(null).get(30, TimeUnit.SECONDS);
    assertThat(room.taken()).isEqualTo(2);

    slots.markSlotUsed(new Used(eager));
    assertThat(room.taken()).isEqualTo(2);
    slots.releaseSlot(new Released(polling));
    assertThat(room.taken()).as("a poll that got no task gives its slot back").isEqualTo(1);
    slots.releaseSlot(new Released(eager));
    assertThat(room.taken()).isZero();
  }

  private record Used(SlotPermit getSlotPermit) implements SlotMarkUsedContext<WorkflowSlotInfo> {
    @Override
    public WorkflowSlotInfo getSlotInfo() {
      return null;
    }
  }

  private record Released(SlotPermit getSlotPermit)
      implements SlotReleaseContext<WorkflowSlotInfo> {
    @Override
    public SlotReleaseReason getSlotReleaseReason() {
      return SlotReleaseReason.taskComplete();
    }

    @Override
    public WorkflowSlotInfo getSlotInfo() {
      return null;
    }
  }
}
