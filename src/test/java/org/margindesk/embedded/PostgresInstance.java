package org.margindesk.embedded;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A stand-in for a Margin Desk JVM, run as a process of its own so that a test can kill it with
 * SIGKILL: it starts the embedded PostgreSQL, writes a row, says "ready" and waits to be killed.
 */
public final class PostgresInstance {
  static final String READY = "ready";

  private PostgresInstance() {}

  public static void main(String[] args) throws Exception {
    EmbeddedPostgresServer server =
        EmbeddedPostgresServer.start(Path.of(args[0]), Integer.parseInt(args[1]));
    try (Connection connection = DriverManager.getConnection(server.jdbcUrl(), "postgres", "");
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE kept (note TEXT)");
      statement.execute("INSERT INTO kept VALUES ('written before the kill')");
    }
    System.out.println(READY);
    System.out.flush();
    // Until killed; stdin closes only if the test itself dies, and then this instance stops too.
    System.in.read();
    server.close();
  }

  /** Starts an instance and returns once its server is up, or throws with what it printed. */
  static Process start(Path dataDir, int port) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(PostgresInstance.class.getName());
    command.add(dataDir.toString());
    command.add(Integer.toString(port));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    StringBuffer output = new StringBuffer();
    CompletableFuture<Void> ready = new CompletableFuture<>();
    // Drained for as long as it prints, so a chatty instance never blocks on a full pipe.
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines = process.inputReader()) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                  output.append(line).append('\n');
                  if (line.equals(READY)) {
                    ready.complete(null);
                  }
                }
              } catch (IOException e) {
                // The instance was killed.
              }
              ready.completeExceptionally(new IllegalStateException("exited"));
            },
            "postgres-instance-output");
    reader.setDaemon(true);
    reader.start();
    try {
      ready.get(90, TimeUnit.SECONDS);
      return process;
    } catch (ExecutionException | TimeoutException e) {
      process.destroyForcibly();
      throw new IllegalStateException("the instance did not start:\n" + output, e);
    }
  }
}
