package org.margindesk.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.temporal.client.WorkflowClient;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.margindesk.config.TestClock;

/** An API-only instance polls no task queue, and its reconciler restarts nothing either. */
@QuarkusTest
@TestProfile(ApiRoleReconcilerTest.ApiRole.class)
class ApiRoleReconcilerTest {
  public static class ApiRole implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("margin-desk.role", "api");
    }
  }

  @Inject LifecycleFixtures fixtures;
  @Inject MarginCallReconciler reconciler;
  @Inject WorkflowClient client;
  @Inject TestClock clock;

  @AfterEach
  void resetClock() {
    clock.reset();
  }

  @Test
  void
      givenALostCallOnAnApiOnlyInstance_whenTheScheduledPassRuns_thenItLeavesTheCallToTheWorkers() {
    String account = fixtures.facility(null);
    String callId = fixtures.snapshot(account, "12000").orElseThrow();
    String lostRun = runId(callId);
    client.newUntypedWorkflowStub(callId).terminate("lost");
    clock.advance(MarginCallRecoveryEndToEndTest.START_GRACE.plusSeconds(1));

    reconciler.reconcileOnWorkers();

    assertThat(runId(callId)).as("no new run was started").isEqualTo(lostRun);
  }

  private String runId(String callId) {
    return client.newUntypedWorkflowStub(callId).describe().getExecution().getRunId();
  }
}
