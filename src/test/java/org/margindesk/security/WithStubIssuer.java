package org.margindesk.security;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;

/**
 * The test profile of the service trusting {@link StubOidcIssuer}: bearer tokens for the API, and
 * the console's sign-in through the issuer. The stub starts before the service, which discovers it
 * at boot. Tests sharing this profile share one running service.
 */
public class WithStubIssuer implements QuarkusTestProfile {
  @Override
  public List<TestResourceEntry> testResources() {
    return List.of(new TestResourceEntry(StubOidcIssuer.class));
  }
}
