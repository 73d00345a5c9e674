package org.margindesk.reliability;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stub exchange on 127.0.0.1 with the HTTP contract of docs/gateway.md that misbehaves on
 * purpose, chosen by the account id's last part: {@code -timeout} answers a key's first request
 * after the gateway's timeout (having performed it), {@code -5xx} answers 503 twice, {@code -reset}
 * resets the connection, {@code -slow} answers every new key after 1.2 s, {@code -dup} performs the
 * first request and then resets the connection (the answer is lost, so the same key is delivered
 * again), {@code -refuse} answers 422 to the opening reduce-only while {@link #refusing} is set. It
 * counts requests and performed effects by idempotency key, and by account, effect and call phase.
 * Plain sockets, because a reset cannot be made with the JDK's HTTP server.
 */
final class FaultyExchange implements AutoCloseable {
  static final long TIMEOUT_FAULT_MILLIS = 3_000;
  static final long SLOW_MILLIS = 1_200;

  volatile boolean refusing = true;

  private final ServerSocket server;
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> performed = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> byAccountEffect = new ConcurrentHashMap<>();
  private final Map<String, String> answers = new ConcurrentHashMap<>();
  private final Map<String, boolean[]> controls = new ConcurrentHashMap<>();
  private final AtomicInteger refusals = new AtomicInteger();

  FaultyExchange() throws IOException {
    server = new ServerSocket(0, 256, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "faulty-exchange");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return server.getLocalPort();
  }

  int requests(String key) {
    return requests.getOrDefault(key, new AtomicInteger()).get();
  }

  int refusals() {
    return refusals.get();
  }

  /** Requests and effects of the accounts whose id contains {@code part}: {requests, effects}. */
  int[] totals(String part) {
    int[] totals = new int[2];
    requests.forEach((k, v) -> totals[0] += k.contains(part) ? v.get() : 0);
    performed.forEach((k, v) -> totals[1] += k.contains(part) ? v.get() : 0);
    return totals;
  }

  /** Keys performed more than once, and (account, effect, call phase) performed more than once. */
  List<String> repeatedEffects() {
    List<String> repeated = new ArrayList<>();
    performed.forEach((k, v) -> add(repeated, k, v));
    byAccountEffect.forEach((k, v) -> add(repeated, k, v));
    return repeated;
  }

  int effects() {
    return performed.size();
  }

  boolean restricted(String account) {
    boolean[] c = controls.get(account);
    return c != null && c[0] && !c[1];
  }

  private static void add(List<String> repeated, String what, AtomicInteger count) {
    if (count.get() > 1) {
      repeated.add(what + " x" + count.get());
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    pool.shutdownNow();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        pool.execute(() -> serve(socket));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      InputStream in = new BufferedInputStream(socket.getInputStream());
      String head = readHead(in);
      if (head == null) {
        return;
      }
      String[] lines = head.split("\r\n");
      String[] requestLine = lines[0].split(" ");
      String key = null;
      int length = 0;
      for (String line : lines) {
        String lower = line.toLowerCase(Locale.ROOT);
        if (lower.startsWith("idempotency-key:")) {
          key = line.substring(line.indexOf(':') + 1).trim();
        } else if (lower.startsWith("content-length:")) {
          length = Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
        }
      }
      String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
      String[] path = requestLine[1].split("/"); // "", accounts, {id}, {action}
      String account = URLDecoder.decode(path[2], StandardCharsets.UTF_8);
      String action = path[3];
      if (requestLine[0].equals("GET")) {
        boolean[] c = controls.get(account);
        reply(socket, c == null ? 404 : 200, c == null ? "{}" : controlsJson(c));
        return;
      }
      handleEffect(socket, account, action, key, body);
    } catch (IOException | RuntimeException e) {
      // the gateway went away (its timeout) or the request was not HTTP: nothing to answer
    }
  }

  private void handleEffect(Socket socket, String account, String action, String key, String body)
      throws IOException {
    int attempt = requests.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    String fault = account.substring(account.lastIndexOf('-') + 1);
    boolean known = answers.containsKey(key);
    switch (fault) {
      case "timeout" -> {
        if (attempt == 1) {
          Api.pause(TIMEOUT_FAULT_MILLIS);
        }
      }
      case "5xx" -> {
        if (attempt <= 2 && !known) {
          reply(socket, 503, "{\"error\":\"exchange busy\"}");
          return;
        }
      }
      case "reset" -> {
        if (attempt == 1) {
          reset(socket);
          return;
        }
      }
      case "slow" -> {
        if (!known) {
          Api.pause(SLOW_MILLIS);
        }
      }
      case "refuse" -> {
        if (refusing && key.endsWith(":open:reduce-only-on")) {
          refusals.incrementAndGet();
          reply(socket, 422, "{\"error\":\"account frozen by compliance\"}");
          return;
        }
      }
      default -> {}
    }
    String answer = answers.computeIfAbsent(key, k -> perform(account, action, body, k));
    if (fault.equals("dup") && attempt == 1) {
      reset(socket);
      return;
    }
    reply(socket, 200, answer);
  }

  private String perform(String account, String action, String body, String key) {
    boolean enabled = body.replace(" ", "").contains("\"enabled\":true");
    String effect =
        switch (action) {
          case "reduce-only" -> set(account, 0, enabled, "REDUCE_ONLY");
          case "withdrawals" -> set(account, 1, enabled, "WITHDRAWALS");
          case "trading" -> set(account, 2, enabled, "TRADING");
          case "close-positions" -> "CLOSE_POSITIONS";
          case "fund-moves" -> "FUND_MOVE";
          default -> throw new IllegalArgumentException(action);
        };
    performed.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    String[] parts = key.split(":");
    String phase = parts[0] + ":" + (parts.length > 1 ? parts[1] : "");
    byAccountEffect
        .computeIfAbsent(account + " " + effect + " in " + phase, k -> new AtomicInteger())
        .incrementAndGet();
    return "{\"stub\":true,\"accountId\":\""
        + account
        + "\",\"effect\":\""
        + effect
        + "\",\"idempotencyKey\":\""
        + key
        + "\"}";
  }

  private String set(String account, int which, boolean enabled, String name) {
    controls.compute(
        account,
        (k, old) -> {
          boolean[] c = old == null ? new boolean[] {false, true, true} : old.clone();
          c[which] = enabled;
          return c;
        });
    return name + (enabled ? "_ON" : "_OFF");
  }

  private static String controlsJson(boolean[] c) {
    return "{\"reduceOnly\":"
        + c[0]
        + ",\"withdrawalsEnabled\":"
        + c[1]
        + ",\"tradingEnabled\":"
        + c[2]
        + "}";
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    int b;
    while ((b = in.read()) != -1) {
      head.write(b);
      matched = (b == '\r' || b == '\n') ? matched + 1 : 0;
      if (matched == 4) {
        return head.toString(StandardCharsets.ISO_8859_1);
      }
    }
    return null;
  }

  private static void reset(Socket socket) throws IOException {
    socket.setSoLinger(true, 0);
    socket.close();
  }

  private static void reply(Socket socket, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String head =
        "HTTP/1.1 "
            + status
            + " X\r\nContent-Type: application/json\r\nContent-Length: "
            + bytes.length
            + "\r\nConnection: close\r\n\r\n";
    OutputStream out = socket.getOutputStream();
    out.write(head.getBytes(StandardCharsets.ISO_8859_1));
    out.write(bytes);
    out.flush();
  }
}
