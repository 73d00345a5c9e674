package org.margindesk.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresServerTest {

  @Test
  void givenRowsWritten_whenTheServerRestartsOnTheSameDataDirectory_thenTheRowsAreStillThere(
      @TempDir Path dataDir) throws Exception {
    int port = Ports.pickFree();
    try (EmbeddedPostgresServer first = EmbeddedPostgresServer.start(dataDir, port);
        Connection connection = DriverManager.getConnection(first.jdbcUrl(), "postgres", "");
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE kept (note TEXT)");
      statement.execute("INSERT INTO kept VALUES ('written before the restart')");
    }
    try (EmbeddedPostgresServer second = EmbeddedPostgresServer.start(dataDir, port);
        Connection connection = DriverManager.getConnection(second.jdbcUrl(), "postgres", "");
        ResultSet rows = connection.createStatement().executeQuery("SELECT note FROM kept")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getString(1)).isEqualTo("written before the restart");
    }
  }

  @Test
  void givenTheServerOfAnInstanceKilledWithSigkill_whenStartedAgain_thenItStartsWithTheDataKept(
      @TempDir Path dataDir) throws Exception {
    int port = Ports.pickFree();
    Process instance = PostgresInstance.start(dataDir, port);
    long orphan = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0));
    try {
      instance.destroyForcibly();
      assertThat(instance.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive))
          .as("pg_ctl daemonised the server, so it outlives the killed JVM")
          .contains(true);

      try (EmbeddedPostgresServer again = EmbeddedPostgresServer.start(dataDir, port);
          Connection connection = DriverManager.getConnection(again.jdbcUrl(), "postgres", "");
          ResultSet rows = connection.createStatement().executeQuery("SELECT note FROM kept")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getString(1)).isEqualTo("written before the kill");
        assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive))
            .isNotEqualTo(Optional.of(true));
      }
    } finally {
      // Whatever happened above, leave no server of this test running.
      ProcessHandle.of(orphan).ifPresent(ProcessHandle::destroy);
      ProcessHandle.of(orphan).ifPresent(p -> p.onExit().join());
    }
  }

  @Test
  void givenTheServerOfALiveInstance_whenStartedAgain_thenRefusedClearlyAndLeftRunning(
      @TempDir Path dataDir) throws Exception {
    int port = Ports.pickFree();
    try (EmbeddedPostgresServer running = EmbeddedPostgresServer.start(dataDir, port)) {
      assertThatThrownBy(() -> EmbeddedPostgresServer.start(dataDir, port))
          .isInstanceOf(EmbeddedStartException.class)
          .hasMessageContaining("Another Margin Desk instance may be running")
          .hasMessageContaining("process " + ProcessHandle.current().pid());

      try (Connection connection = DriverManager.getConnection(running.jdbcUrl(), "postgres", "");
          ResultSet rows = connection.createStatement().executeQuery("SELECT 1")) {
        assertThat(rows.next()).isTrue();
      }
    }
  }

  @Test
  void givenTheEmbeddedPostgres_whenStarted_thenItListensOnLoopbackOnly(@TempDir Path dataDir) {
    assumeTrue(ListeningSockets.available(), "needs /proc/net/tcp to see what listens");
    int port = Ports.pickFree();
    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir, port)) {
      assertThat(ListeningSockets.addresses(port))
          .isNotEmpty()
          .allSatisfy(address -> assertThat(address.isLoopbackAddress()).isTrue());
      for (InetAddress other : ListeningSockets.otherLocalAddresses()) {
        assertThat(ListeningSockets.accepts(other, port)).as("reached through %s", other).isFalse();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void givenAPortInUse_whenCheckedBeforeStart_thenTheMessageNamesThePortAndTheKey()
      throws Exception {
    try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("0.0.0.0"))) {
      assertThatThrownBy(
              () ->
                  Ports.requireFree(
                      busy.getLocalPort(), "PostgreSQL", "margin-desk.embedded.postgres-port"))
          .isInstanceOf(EmbeddedStartException.class)
          .hasMessageContaining("Port " + busy.getLocalPort())
          .hasMessageContaining("already in use")
          .hasMessageContaining("margin-desk.embedded.postgres-port");
    }
  }
}
