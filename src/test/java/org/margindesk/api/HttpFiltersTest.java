package org.margindesk.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The decisions of the Vert.x filters, without HTTP. */
class HttpFiltersTest {

  @Test
  void givenApiPaths_whenCheckedForTheWorkerRole_thenTheyAreBlocked() {
    assertThat(WorkerRoleApiFilter.isApiPath("/api")).isTrue();
    assertThat(WorkerRoleApiFilter.isApiPath("/api/")).isTrue();
    assertThat(WorkerRoleApiFilter.isApiPath("/api/v1/me")).isTrue();
  }

  @Test
  void givenProbeMetricsAndLookalikePaths_whenCheckedForTheWorkerRole_thenTheyPass() {
    assertThat(WorkerRoleApiFilter.isApiPath("/q/health/ready")).isFalse();
    assertThat(WorkerRoleApiFilter.isApiPath("/q/metrics")).isFalse();
    assertThat(WorkerRoleApiFilter.isApiPath("/apidocs")).isFalse();
    assertThat(WorkerRoleApiFilter.isApiPath("/")).isFalse();
    assertThat(WorkerRoleApiFilter.isApiPath(null)).isFalse();
  }

  @Test
  void givenTheWorkerRole_whenTheProblemIsBuilt_thenItIsA404ThatNamesTheRole() {
    var problem = WorkerRoleApiFilter.notFound();
    assertThat(problem.status()).isEqualTo(404);
    assertThat(problem.detail()).contains("margin-desk.role=worker");
  }

  @Test
  void givenASaneSuppliedId_whenChosen_thenItIsKept() {
    assertThat(RequestIdFilter.chooseId("req-42.a:b_C", () -> "generated"))
        .isEqualTo("req-42.a:b_C");
  }

  @Test
  void givenNoOrAHostileSuppliedId_whenChosen_thenANewOneIsGenerated() {
    assertThat(RequestIdFilter.chooseId(null, () -> "generated")).isEqualTo("generated");
    assertThat(RequestIdFilter.chooseId("", () -> "generated")).isEqualTo("generated");
    assertThat(RequestIdFilter.chooseId("a\nforged log line", () -> "generated"))
        .isEqualTo("generated");
    assertThat(RequestIdFilter.chooseId("x".repeat(129), () -> "generated")).isEqualTo("generated");
  }
}
