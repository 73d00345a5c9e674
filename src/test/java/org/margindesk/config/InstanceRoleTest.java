package org.margindesk.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InstanceRoleTest {
  @Test
  void givenEachRole_whenAsked_thenOnlyApiSkipsWorkersAndOnlyWorkerSkipsTheApi() {
    assertThat(InstanceRole.ALL.runsWorkers()).isTrue();
    assertThat(InstanceRole.ALL.servesApi()).isTrue();
    assertThat(InstanceRole.API.runsWorkers()).isFalse();
    assertThat(InstanceRole.API.servesApi()).isTrue();
    assertThat(InstanceRole.WORKER.runsWorkers()).isTrue();
    assertThat(InstanceRole.WORKER.servesApi()).isFalse();
  }

  @Test
  void givenNoRoleSetting_whenConfigIsRead_thenTheInstanceDoesEverything() {
    MarginDeskConfig config = config(null);
    assertThat(config.role()).isEqualTo(InstanceRole.ALL);
    assertThat(config.runsWorkers()).isTrue();
    assertThat(config.servesApi()).isTrue();
  }

  @Test
  void givenLowerCaseRoleNames_whenConfigIsRead_thenTheyMapToTheRoles() {
    assertThat(config("api").role()).isEqualTo(InstanceRole.API);
    assertThat(config("worker").role()).isEqualTo(InstanceRole.WORKER);
    assertThat(config("worker").servesApi()).isFalse();
    assertThat(config("api").runsWorkers()).isFalse();
  }

  @Test
  void givenAnUnknownRole_whenConfigIsRead_thenStartupFails() {
    assertThatThrownBy(() -> config("scheduler")).hasMessageContaining("margin-desk.role");
  }

  private static MarginDeskConfig config(String role) {
    return TestConfigs.withRole(role);
  }
}
