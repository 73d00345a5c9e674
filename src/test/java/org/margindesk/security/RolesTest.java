package org.margindesk.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class RolesTest {
  @Test
  void givenTheSupervisorRole_whenExpanded_thenItImpliesOperatorAndViewer() {
    assertThat(Roles.withImplied(Set.of(Roles.SUPERVISOR)))
        .containsExactlyInAnyOrder(Roles.SUPERVISOR, Roles.OPERATOR, Roles.VIEWER);
  }

  @Test
  void givenTheOperatorRole_whenExpanded_thenItImpliesViewerOnly() {
    assertThat(Roles.withImplied(Set.of(Roles.OPERATOR)))
        .containsExactlyInAnyOrder(Roles.OPERATOR, Roles.VIEWER);
  }

  @Test
  void givenTheFeedRole_whenExpanded_thenItImpliesNothing() {
    assertThat(Roles.withImplied(Set.of(Roles.FEED))).containsExactly(Roles.FEED);
  }

  @Test
  void givenABuiltInUser_whenSigningIn_thenOnlyTheirOwnNameIsThePassword() {
    assertThat(EmbeddedUsers.authenticate("operator2", "operator2".toCharArray()))
        .contains(Set.of(Roles.OPERATOR));
    assertThat(EmbeddedUsers.authenticate("operator2", "operator".toCharArray())).isEmpty();
    assertThat(EmbeddedUsers.authenticate("admin", "admin".toCharArray())).isEmpty();
  }
}
