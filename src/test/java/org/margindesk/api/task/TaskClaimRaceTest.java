package org.margindesk.api.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.margindesk.api.task.TaskFixtures.act;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.margindesk.domain.LiquidationStep;

/** Operators claiming one task at the same moment: exactly one of them gets it. */
@QuarkusTest
class TaskClaimRaceTest {
  private static final int ROUNDS = 12;

  @Inject TaskFixtures fixtures;

  @AfterEach
  void endCallsWithoutWorkflow() {
    fixtures.endCallsWithoutWorkflow();
  }

  @Test
  void givenTwoOperatorsClaimingAtOnce_whenRepeated_thenEachRoundHasOne200AndOne409()
      throws Exception {
    String taskId =
        fixtures.openTask(fixtures.callWithoutWorkflow(), LiquidationStep.CLOSE_ALL_POSITIONS);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < ROUNDS; round++) {
        CyclicBarrier start = new CyclicBarrier(2);
        Future<Integer> first = pool.submit(() -> claimAfter(start, "operator", taskId));
        Future<Integer> second = pool.submit(() -> claimAfter(start, "operator2", taskId));
        int a = first.get(30, TimeUnit.SECONDS);
        int b = second.get(30, TimeUnit.SECONDS);

        assertThat(List.of(a, b)).as("round %d", round).containsExactlyInAnyOrder(200, 409);
        String winner = a == 200 ? "operator" : "operator2";
        assertThat(fixtures.text("SELECT assignee FROM operator_task WHERE id = ?", taskId))
            .isEqualTo(winner);
        act("supervisor", taskId, "release").statusCode(200);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(fixtures.audits(taskId, "TASK_CLAIMED")).isEqualTo(ROUNDS);
    assertThat(fixtures.audits(taskId, "TASK_CLAIM_REFUSED")).isEqualTo(ROUNDS);
    assertThat(fixtures.audits(taskId, "TASK_RELEASED")).isEqualTo(ROUNDS);
    assertThat(
            fixtures.count(
                "SELECT count(*) FROM audit_record a JOIN audit_record b ON a.task_id = b.task_id"
                    + " AND a.seq < b.seq WHERE a.task_id = ? AND a.action = 'TASK_CLAIMED' AND"
                    + " b.action = 'TASK_CLAIMED' AND NOT EXISTS (SELECT 1 FROM audit_record r"
                    + " WHERE r.task_id = a.task_id AND r.action = 'TASK_RELEASED' AND r.seq"
                    + " BETWEEN a.seq AND b.seq)",
                taskId))
        .as("no claim without a release in between")
        .isZero();
  }

  /**
   * Every operator-capable embedded user claims one task at the same moment: exactly one holds it,
   * each of the others gets a problem+json 409 that names the holder.
   */
  @Test
  void givenFourOperatorsClaimingAtOnce_whenRepeated_thenOne200AndThree409sNamingTheHolder()
      throws Exception {
    List<String> users = List.of("operator", "operator2", "supervisor", "supervisor2");
    ExecutorService pool = Executors.newFixedThreadPool(users.size());
    try {
      for (int round = 0; round < 4; round++) {
        String taskId =
            fixtures.openTask(fixtures.callWithoutWorkflow(), LiquidationStep.CLOSE_ALL_POSITIONS);
        CyclicBarrier start = new CyclicBarrier(users.size());
        List<Future<ValidatableResponse>> answers = new ArrayList<>();
        for (String user : users) {
          answers.add(
              pool.submit(
                  () -> {
                    start.await(10, TimeUnit.SECONDS);
                    return act(user, taskId, "claim");
                  }));
        }
        List<Integer> statuses = new ArrayList<>();
        List<String> refusals = new ArrayList<>();
        for (Future<ValidatableResponse> answer : answers) {
          ValidatableResponse response = answer.get(30, TimeUnit.SECONDS);
          statuses.add(response.extract().statusCode());
          if (response.extract().statusCode() == 409) {
            assertThat(response.extract().contentType()).startsWith("application/problem+json");
            refusals.add(response.extract().path("detail"));
          }
        }

        assertThat(statuses).as("round %d", round).containsExactlyInAnyOrder(200, 409, 409, 409);
        String holder = fixtures.text("SELECT assignee FROM operator_task WHERE id = ?", taskId);
        assertThat(holder).isEqualTo(users.get(statuses.indexOf(200)));
        assertThat(refusals).allSatisfy(detail -> assertThat(detail).contains(holder));
        assertThat(fixtures.audits(taskId, "TASK_CLAIMED")).isEqualTo(1);
        assertThat(fixtures.audits(taskId, "TASK_CLAIM_REFUSED")).isEqualTo(3);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static int claimAfter(CyclicBarrier start, String user, String taskId) throws Exception {
    start.await(10, TimeUnit.SECONDS);
    return act(user, taskId, "claim").extract().statusCode();
  }
}
