package org.margindesk.embedded;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

final class Ports {
  private Ports() {}

  static int pickFree() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new EmbeddedStartException("Could not find a free local port: " + e.getMessage(), e);
    }
  }

  static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress("0.0.0.0", port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static void requireFree(int port, String what, String key) {
    if (!isFree(port)) {
      throw new EmbeddedStartException(
          "Port "
              + port
              + " for the embedded "
              + what
              + " is already in use. Another Margin Desk instance may be running; stop it, or set "
              + key
              + " to a free port.");
    }
  }
}
