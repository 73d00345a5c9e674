package org.margindesk.api.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, so the fuzz suite can send what well-behaved clients refuse to: a
 * NUL or a lone surrogate's bytes in a header or a path, a Content-Length that is a lie, 10 MB of
 * nested brackets. Every request says {@code Connection: close} and the answer is read to the end.
 */
public final class RawHttp {
  /** A client gives up long before this; an answer this slow is a finding, not a hang. */
  private static final int READ_TIMEOUT_MS = 30_000;

  private final int port;

  public RawHttp(int port) {
    this.port = port;
  }

  /**
   * @param target the request target, already percent-encoded (or deliberately not)
   * @param headers name to value; values are written as UTF-8 bytes, whatever they hold
   * @param body the body, or null for none
   */
  public Answer send(String method, String target, Map<String, String> headers, byte[] body)
      throws IOException {
    return send(method, target, headers, body, 0);
  }

  /**
   * As {@link #send(String, String, Map, byte[])}, but the body's second half only after {@code
   * pauseMillis}: a body that arrives in parts, as from a slow client.
   */
  public Answer send(
      String method, String target, Map<String, String> headers, byte[] body, long pauseMillis)
      throws IOException {
    long started = System.nanoTime();
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      socket.setSoTimeout(READ_TIMEOUT_MS);
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      write(head, method + " " + target + " HTTP/1.1\r\n");
      write(head, "Host: 127.0.0.1:" + port + "\r\nConnection: close\r\n");
      for (Map.Entry<String, String> header : headers.entrySet()) {
        write(head, header.getKey() + ": " + header.getValue() + "\r\n");
      }
      if (body != null
          && !headers.containsKey("Content-Length")
          && !headers.containsKey("Transfer-Encoding")) {
        write(head, "Content-Length: " + body.length + "\r\n");
      }
      write(head, "\r\n");
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      byte[] response;
      try {
        out.write(head.toByteArray());
        if (body != null) {
          int half = pauseMillis > 0 ? body.length / 2 : body.length;
          out.write(body, 0, half);
          out.flush();
          pause(pauseMillis);
          out.write(body, half, body.length - half);
        }
        out.flush();
        response = in.readAllBytes();
      } catch (SocketTimeoutException e) {
        throw e;
      } catch (IOException e) {
        // The server may answer and close while a large body is still being written: read what
        // it said before giving up.
        response = drain(in);
      }
      long micros = (System.nanoTime() - started) / 1_000;
      return Answer.parse(response, micros);
    }
  }

  /** The body as one chunk, for a request that sends {@code Transfer-Encoding: chunked}. */
  public static byte[] chunked(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(out, Integer.toHexString(body.length) + "\r\n");
    out.writeBytes(body);
    write(out, "\r\n0\r\n\r\n");
    return out.toByteArray();
  }

  public static String basic(String user) {
    return "Basic "
        + Base64.getEncoder().encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8));
  }

  private static void pause(long millis) throws IOException {
    if (millis <= 0) {
      return;
    }
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while pausing between the body's parts", e);
    }
  }

  private static byte[] drain(InputStream in) {
    try {
      return in.readAllBytes();
    } catch (IOException e) {
      return new byte[0];
    }
  }

  private static void write(ByteArrayOutputStream out, String text) {
    out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * What came back. Status 0 means the server closed the connection without an answer.
   *
   * @param headers lower-case names
   */
  public record Answer(int status, Map<String, String> headers, String body, long micros) {
    public String contentType() {
      return headers.getOrDefault("content-type", "");
    }

    /**
     * Refused by the HTTP codec itself (Netty, inside Vert.x) before any route runs: a request line
     * or header it cannot parse, too long, or with a control character. Such an answer has no body
     * and no content type, and Quarkus offers no hook to give it one.
     */
    public boolean isCodecRefusal() {
      return (status == 400 || status == 414 || status == 431)
          && !headers.containsKey("content-type")
          && body.isEmpty();
    }

    public boolean isProblem() {
      return contentType().startsWith("application/problem+json");
    }

    static Answer parse(byte[] raw, long micros) {
      int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0);
      String head = new String(raw, 0, Math.max(end, 0), StandardCharsets.ISO_8859_1);
      if (!head.startsWith("HTTP/1.") || end < 0) {
        return new Answer(0, Map.of(), new String(raw, StandardCharsets.UTF_8), micros);
      }
      String[] lines = head.split("\r\n");
      int status = Integer.parseInt(lines[0].substring(9, 12));
      Map<String, String> headers = new LinkedHashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon > 0) {
          headers.put(
              lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
              lines[i].substring(colon + 1).trim());
        }
      }
      byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
      if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
        body = unchunk(body);
      }
      return new Answer(status, headers, new String(body, StandardCharsets.UTF_8), micros);
    }

    private static byte[] unchunk(byte[] chunked) {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      byte[] crlf = "\r\n".getBytes(StandardCharsets.US_ASCII);
      int at = 0;
      while (at < chunked.length) {
        int lineEnd = indexOf(chunked, crlf, at);
        if (lineEnd < 0) {
          break;
        }
        String sizeLine = new String(chunked, at, lineEnd - at, StandardCharsets.US_ASCII);
        int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
        if (size == 0) {
          break;
        }
        body.write(chunked, lineEnd + 2, Math.min(size, chunked.length - lineEnd - 2));
        at = lineEnd + 2 + size + 2;
      }
      return body.toByteArray();
    }

    private static int indexOf(byte[] data, byte[] needle, int from) {
      outer:
      for (int i = from; i <= data.length - needle.length; i++) {
        for (int j = 0; j < needle.length; j++) {
          if (data[i + j] != needle[j]) {
            continue outer;
          }
        }
        return i;
      }
      return -1;
    }
  }
}
