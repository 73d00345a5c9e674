package org.margindesk.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.margindesk.activity.TaskActivities;

/**
 * Stubs are built on first use: outside a workflow, where the SDK refuses to build one, taking a
 * stub and using its identity works, and only calling an activity asks the SDK for the stub. Inside
 * workflows every stub is exercised by the workflow tests, and MarginCallReplayTest shows the
 * histories unchanged.
 */
class ActivityStubsTest {

  @Test
  void givenNoWorkflow_whenAStubIsTakenButNotCalled_thenTheSdkWasNotAsked() {
    TaskActivities remote = ActivityStubs.remote(TaskActivities.class);
    TaskActivities local = ActivityStubs.local(TaskActivities.class);

    assertThat(remote).isEqualTo(remote).isNotEqualTo(local);
    assertThat(remote.hashCode()).isEqualTo(System.identityHashCode(remote));
    assertThat(remote.toString()).contains("TaskActivities");
  }

  @Test
  void givenNoWorkflow_whenAnActivityIsCalled_thenBuildingTheStubIsRefusedThen() {
    TaskActivities remote = ActivityStubs.remote(TaskActivities.class);

    assertThatThrownBy(() -> remote.completeTask(null)).hasMessageContaining("workflow");
  }
}
