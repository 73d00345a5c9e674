package org.margindesk.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TimeOrderedIdsTest {

  @Test
  void givenIdsMadeOneAfterAnother_whenCompared_thenEachSortsAfterTheOneBefore() {
    List<String> made = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      made.add(TimeOrderedIds.next().toString());
    }
    // PostgreSQL orders uuid values byte by byte, as their text sorts.
    assertThat(made).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void givenAnId_whenRead_thenItIsAVersion7UuidStampedWithTheTimeItWasMade() {
    long before = System.currentTimeMillis();
    UUID id = TimeOrderedIds.next();
    long after = System.currentTimeMillis();

    assertThat(id.version()).isEqualTo(7);
    assertThat(id.variant()).isEqualTo(2);
    assertThat(id.getMostSignificantBits() >>> 16).isBetween(before, after);
  }

  @Test
  void givenIdsMadeOnManyThreads_whenGathered_thenNoneRepeats() throws InterruptedException {
    List<UUID> made = Collections.synchronizedList(new ArrayList<>());
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      Thread thread =
          new Thread(
              () -> {
                for (int i = 0; i < 5_000; i++) {
                  made.add(TimeOrderedIds.next());
                }
              });
      thread.start();
      threads.add(thread);
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(new HashSet<>(made)).hasSize(40_000);
  }
}
