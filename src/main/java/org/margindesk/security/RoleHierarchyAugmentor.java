package org.margindesk.security;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/** Applies the role hierarchy to every identity, whichever mechanism authenticated it. */
@ApplicationScoped
public class RoleHierarchyAugmentor implements SecurityIdentityAugmentor {

  @Override
  public Uni<SecurityIdentity> augment(
      SecurityIdentity identity, AuthenticationRequestContext context) {
    if (identity.isAnonymous()) {
      return Uni.createFrom().item(identity);
    }
    Set<String> expanded = Roles.withImplied(identity.getRoles());
    if (expanded.equals(identity.getRoles())) {
      return Uni.createFrom().item(identity);
    }
    return Uni.createFrom()
        .item(QuarkusSecurityIdentity.builder(identity).addRoles(expanded).build());
  }
}
