package org.margindesk.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class EmbeddedTemporalServerTest {

  @Test
  void givenTheEmbeddedTemporalServer_whenStarted_thenItListensOnLoopbackOnly() {
    assumeTrue(ListeningSockets.available(), "needs /proc/net/tcp to see what listens");
    int port = Ports.pickFree();
    try (EmbeddedTemporalServer server = EmbeddedTemporalServer.start(port)) {
      // The test server has no authentication: anyone who reaches it can start or kill workflows.
      assertThat(ListeningSockets.addresses(port))
          .isNotEmpty()
          .allSatisfy(address -> assertThat(address.isLoopbackAddress()).isTrue());
      assertThat(ListeningSockets.accepts(InetAddress.getLoopbackAddress(), port)).isTrue();
      for (InetAddress other : ListeningSockets.otherLocalAddresses()) {
        assertThat(ListeningSockets.accepts(other, port)).as("reached through %s", other).isFalse();
      }
    }
  }
}
