package org.margindesk.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.margindesk.service.Poll;

class GroupCommitTest {
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final List<List<String>> groups = new CopyOnWriteArrayList<>();
  private final List<Integer> sizes = new CopyOnWriteArrayList<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger mostInFlight = new AtomicInteger();
  private final CompletableFuture<Void> firstGroupMayEnd = new CompletableFuture<>();

  @AfterEach
  void stopThreads() {
    firstGroupMayEnd.complete(null);
    threads.shutdownNow();
  }

  /** Answers each item with "key:item", holding the first group until the test lets it go. */
  private BiFunction<List<String>, String, List<String>> applier() {
    return (items, key) -> {
      int now = inFlight.incrementAndGet();
      mostInFlight.accumulateAndGet(now, Math::max);
      try {
        if (groups.isEmpty()) {
          groups.add(List.copyOf(items));
          firstGroupMayEnd.join();
        } else {
          groups.add(List.copyOf(items));
        }
        if (items.contains("bad")) {
          throw new IllegalStateException("the database went away");
        }
        return items.stream().map(item -> key + ":" + item).toList();
      } finally {
        inFlight.decrementAndGet();
      }
    };
  }

  private GroupCommit<String, String, String> groupCommit(int inFlight, int maxSize) {
    return new GroupCommit<>(applier(), inFlight, maxSize, sizes::add);
  }

  private CompletableFuture<String> submit(
      GroupCommit<String, String, String> commit, String key, String item) {
    return CompletableFuture.supplyAsync(() -> commit.submit(key, item), threads);
  }

  /** Holds the first group open and queues the rest behind it. */
  private List<CompletableFuture<String>> queueBehindAFirstGroup(
      GroupCommit<String, String, String> commit, String key, List<String> items) {
    List<CompletableFuture<String>> answers = new ArrayList<>();
    answers.add(submit(commit, key, "first"));
    Poll.until(Duration.ofSeconds(30), "the first group is applied", () -> groups.size() == 1);
    for (String item : items) {
      answers.add(submit(commit, key, item));
    }
    Poll.until(
        Duration.ofSeconds(30), "the rest are queued", () -> commit.queued() == items.size());
    return answers;
  }

  @Test
  void givenAQuietSystem_whenOneItemArrives_thenItIsAppliedAtOnceAndAlone() {
    GroupCommit<String, String, String> commit = groupCommit(2, 250);
    firstGroupMayEnd.complete(null);

    assertThat(commit.submit("feed", "a")).isEqualTo("feed:a");
    assertThat(groups).containsExactly(List.of("a"));
    assertThat(sizes).containsExactly(1);
    assertThat(commit.leaders()).isZero();
  }

  @Test
  void givenItemsQueuedBehindAGroup_whenItEnds_thenTheyAreAppliedTogetherEachWithItsAnswer()
      throws Exception {
    GroupCommit<String, String, String> commit = groupCommit(1, 250);
    List<String> items = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      items.add("s" + i);
    }
    List<CompletableFuture<String>> answers = queueBehindAFirstGroup(commit, "feed", items);

    firstGroupMayEnd.complete(null);

    assertThat(answers.get(0).get(30, TimeUnit.SECONDS)).isEqualTo("feed:first");
    for (int i = 0; i < items.size(); i++) {
      assertThat(answers.get(i + 1).get(30, TimeUnit.SECONDS)).isEqualTo("feed:" + items.get(i));
    }
    assertThat(groups).hasSize(2);
    assertThat(groups.get(1)).containsExactlyInAnyOrderElementsOf(items);
    assertThat(sizes).containsExactly(1, 40);
    assertThat(commit.leaders()).isZero();
    assertThat(commit.queued()).isZero();
  }

  @Test
  void givenMoreQueuedThanAGroupHolds_whenApplied_thenNoGroupIsLargerThanTheBound()
      throws Exception {
    GroupCommit<String, String, String> commit = groupCommit(1, 8);
    List<String> items = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      items.add("s" + i);
    }
    List<CompletableFuture<String>> answers = queueBehindAFirstGroup(commit, "feed", items);

    firstGroupMayEnd.complete(null);

    for (int i = 0; i < items.size(); i++) {
      assertThat(answers.get(i + 1).get(30, TimeUnit.SECONDS)).isEqualTo("feed:" + items.get(i));
    }
    assertThat(groups).allSatisfy(group -> assertThat(group.size()).isBetween(1, 8));
    assertThat(groups.stream().mapToInt(List::size).sum()).isEqualTo(31);
    assertThat(commit.leaders()).isZero();
  }

  @Test
  void givenAGroupThatFails_whenApplied_thenOnlyItsItemsGetTheFailure() throws Exception {
    GroupCommit<String, String, String> commit = groupCommit(1, 250);
    List<CompletableFuture<String>> answers =
        queueBehindAFirstGroup(commit, "feed", List.of("bad", "good"));

    firstGroupMayEnd.complete(null);

    assertThat(answers.get(0).get(30, TimeUnit.SECONDS)).isEqualTo("feed:first");
    for (CompletableFuture<String> failed : answers.subList(1, 3)) {
      assertThatThrownBy(() -> failed.get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasRootCauseMessage("the database went away");
    }
    assertThat(submit(commit, "feed", "after").get(30, TimeUnit.SECONDS)).isEqualTo("feed:after");
    assertThat(commit.leaders()).isZero();
  }

  @Test
  void givenItemsOfTwoCallers_whenQueuedTogether_thenNoGroupMixesThem() throws Exception {
    GroupCommit<String, String, String> commit = groupCommit(1, 250);
    List<CompletableFuture<String>> answers = new ArrayList<>();
    answers.add(submit(commit, "feed", "first"));
    Poll.until(Duration.ofSeconds(30), "the first group is applied", () -> groups.size() == 1);
    for (int i = 0; i < 10; i++) {
      answers.add(submit(commit, i % 2 == 0 ? "feed" : "binance", "s" + i));
    }
    Poll.until(Duration.ofSeconds(30), "the rest are queued", () -> commit.queued() == 10);

    firstGroupMayEnd.complete(null);

    for (int i = 0; i < 10; i++) {
      assertThat(answers.get(i + 1).get(30, TimeUnit.SECONDS))
          .isEqualTo((i % 2 == 0 ? "feed" : "binance") + ":s" + i);
    }
    assertThat(groups.subList(1, groups.size()))
        .allSatisfy(
            group -> assertThat(group.stream().map(evens()::contains).distinct()).hasSize(1));
    assertThat(commit.leaders()).isZero();
  }

  /** The items the first caller sent in the two-callers test. */
  private static List<String> evens() {
    return List.of("s0", "s2", "s4", "s6", "s8");
  }

  @Test
  void givenManyThreadsAtOnce_whenAllAreAnswered_thenGroupsInFlightStayedWithinTheBound()
      throws Exception {
    firstGroupMayEnd.complete(null);
    GroupCommit<String, String, String> commit = groupCommit(3, 16);
    List<CompletableFuture<String>> answers = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      answers.add(submit(commit, "feed", "s" + i));
    }

    for (int i = 0; i < answers.size(); i++) {
      assertThat(answers.get(i).get(60, TimeUnit.SECONDS)).isEqualTo("feed:s" + i);
    }
    assertThat(mostInFlight.get()).isBetween(1, 3);
    assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(2_000);
    assertThat(commit.leaders()).isZero();
    assertThat(commit.queued()).isZero();
  }

  @Test
  void givenAMetricThatFails_whenAGroupIsApplied_thenItsItemsAreStillAnswered() {
    firstGroupMayEnd.complete(null);
    GroupCommit<String, String, String> commit =
        new GroupCommit<>(
            applier(),
            1,
            250,
            size -> {
              throw new IllegalStateException("metrics registry closed");
            });

    assertThat(commit.submit("feed", "a")).isEqualTo("feed:a");
    assertThat(commit.leaders()).isZero();
  }

  @Test
  void givenNoRoomForAGroup_whenBuilt_thenItIsRefused() {
    assertThatThrownBy(() -> groupCommit(0, 10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> groupCommit(1, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
