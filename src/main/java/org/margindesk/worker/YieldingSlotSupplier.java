package org.margindesk.worker;

import io.temporal.worker.tuning.FixedSizeSlotSupplier;
import io.temporal.worker.tuning.SlotInfo;
import io.temporal.worker.tuning.SlotMarkUsedContext;
import io.temporal.worker.tuning.SlotPermit;
import io.temporal.worker.tuning.SlotReleaseContext;
import io.temporal.worker.tuning.SlotReleaseReason;
import io.temporal.worker.tuning.SlotReserveContext;
import io.temporal.worker.tuning.SlotSupplier;
import io.temporal.worker.tuning.SlotSupplierFuture;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import org.margindesk.pacing.IngestionPressure;

/**
 * A fixed number of task slots, of which no new one is handed out while ingestion is restricting
 * breaches, for at most {@code margin-desk.workflow-starts.yield-to-restrictions} per reservation.
 * The worker reserves a slot before it polls, so in a market shock the workflows of calls already
 * restricted take no new task (and no CPU, no connection) until the batches behind them are
 * restricted; tasks already running finish. Eager workflow starts ask without waiting and, while
 * held back, go through the task queue instead.
 */
final class YieldingSlotSupplier<SI extends SlotInfo> implements SlotSupplier<SI> {
  private final FixedSizeSlotSupplier<SI> slots;
  private final IngestionPressure pressure;
  private final WorkflowTaskRoom room;

  YieldingSlotSupplier(int size, IngestionPressure pressure) {
    this(size, pressure, null);
  }

  /**
   * @param room told of each slot taken and given back, for the workflow-task slots; null for
   *     others
   */
  YieldingSlotSupplier(int size, IngestionPressure pressure, WorkflowTaskRoom room) {
    this.slots = new FixedSizeSlotSupplier<>(size);
    this.pressure = pressure;
    this.room = room;
  }

  @Override
  public SlotSupplierFuture reserveSlot(SlotReserveContext<SI> context) throws Exception {
    CompletableFuture<Void> clear = pressure.whenClear(pressure.restrictionsDeadlineFromNow());
    if (clear.isDone()) {
      return counted(slots.reserveSlot(context));
    }
    AtomicReference<SlotSupplierFuture> reservation = new AtomicReference<>();
    CompletableFuture<SlotPermit> permit =
        clear.thenCompose(
            ignored -> {
              try {
                SlotSupplierFuture inner = counted(slots.reserveSlot(context));
                reservation.set(inner);
                return inner;
              } catch (Exception e) {
                throw new CompletionException(e);
              }
            });
    return SlotSupplierFuture.fromCompletableFuture(
        permit,
        () -> {
          clear.cancel(false);
          SlotSupplierFuture inner = reservation.get();
          if (inner != null) {
            SlotPermit reserved = inner.abortReservation();
            if (reserved != null) {
              // Reserved after all, but no longer wanted: the slot goes back.
              slots.releaseSlot(new AbortedReservation<>(reserved));
            }
          }
        });
  }

  @Override
  public Optional<SlotPermit> tryReserveSlot(SlotReserveContext<SI> context) {
    if (pressure.holds(pressure.restrictionsDeadlineFromNow())) {
      return Optional.empty();
    }
    Optional<SlotPermit> permit = slots.tryReserveSlot(context);
    if (room != null) {
      permit.ifPresent(room::issued);
    }
    return permit;
  }

  /** A reservation whose permit, once issued, the room counts. */
  private SlotSupplierFuture counted(SlotSupplierFuture reservation) {
    if (room != null) {
      reservation.thenAccept(room::issued);
    }
    return reservation;
  }

  @Override
  public void markSlotUsed(SlotMarkUsedContext<SI> context) {
    slots.markSlotUsed(context);
  }

  @Override
  public void releaseSlot(SlotReleaseContext<SI> context) {
    slots.releaseSlot(context);
    if (room != null) {
      room.released(context.getSlotPermit());
    }
  }

  @Override
  public Optional<Integer> getMaximumSlots() {
    return slots.getMaximumSlots();
  }

  /** A slot reserved for a poll that was called off before it used it. */
  private record AbortedReservation<SI extends SlotInfo>(SlotPermit getSlotPermit)
      implements SlotReleaseContext<SI> {
    @Override
    public SlotReleaseReason getSlotReleaseReason() {
      return SlotReleaseReason.neverUsed();
    }

    @Override
    public SI getSlotInfo() {
      return null;
    }
  }
}
