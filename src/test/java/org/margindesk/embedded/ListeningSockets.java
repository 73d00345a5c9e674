package org.margindesk.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * What the operating system says is listening on a port, and whether it can be reached through the
 * machine's other addresses. Read from /proc/net/tcp{,6} rather than from the servers, so the check
 * does not trust the code it checks.
 */
final class ListeningSockets {
  private static final String LISTEN = "0A";

  private ListeningSockets() {}

  static boolean available() {
    return Files.isReadable(Path.of("/proc/net/tcp"));
  }

  /** Every local address a socket listens on for this TCP port (0.0.0.0 or :: for all). */
  static List<InetAddress> addresses(int port) {
    List<InetAddress> found = new ArrayList<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      Path path = Path.of(table);
      if (!Files.isReadable(path)) {
        continue;
      }
      try {
        for (String line : Files.readAllLines(path)) {
          String[] columns = line.trim().split("\\s+");
          if (columns.length < 4 || !LISTEN.equals(columns[3])) {
            continue;
          }
          String[] local = columns[1].split(":");
          if (local.length == 2 && Integer.parseInt(local[1], 16) == port) {
            found.add(address(local[0]));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return found;
  }

  /**
   * This machine's addresses that are not loopback (link-local IPv6 left out: it needs a scope).
   */
  static List<InetAddress> otherLocalAddresses() {
    List<InetAddress> addresses = new ArrayList<>();
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!nic.isUp() || nic.isLoopback()) {
          continue;
        }
        for (InetAddress address : Collections.list(nic.getInetAddresses())) {
          if (!address.isLoopbackAddress() && !address.isLinkLocalAddress()) {
            addresses.add(address);
          }
        }
      }
    } catch (SocketException e) {
      throw new UncheckedIOException(e);
    }
    return addresses;
  }

  /** Whether a TCP connection to address:port is accepted; a refusal answers at once. */
  static boolean accepts(InetAddress address, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), 2_000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** /proc writes each 32-bit word of an address in the host's byte order. */
  private static InetAddress address(String hex) {
    boolean reversed = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
    byte[] bytes = new byte[hex.length() / 2];
    for (int word = 0; word < bytes.length / 4; word++) {
      for (int i = 0; i < 4; i++) {
        int at = (word * 4 + (reversed ? 3 - i : i)) * 2;
        bytes[word * 4 + i] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
      }
    }
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("not an address: " + hex.toLowerCase(Locale.ROOT), e);
    }
  }
}
