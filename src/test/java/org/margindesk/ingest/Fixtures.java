package org.margindesk.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/** The seed payloads copied into src/test/resources/binance. */
public final class Fixtures {
  public static final String MARGIN_CALL = "binance/000-margin-call.json";
  public static final String ACCOUNT_UPDATE = "binance/002-account-update.json";
  public static final String ACCOUNT_UPDATE_MALFORMED = "binance/002-account-update-malformed.json";

  /** A service clock at the time of the tests' snapshots, with the default skew of 5 minutes. */
  public static final ClockSkew CLOCK =
      new ClockSkew(Instant.parse("2026-11-22T12:00:00Z"), Duration.ofMinutes(5));

  private Fixtures() {}

  public static String read(String resource) {
    try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
