package org.margindesk.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The seed payloads copied into src/test/resources/binance. */
public final class Fixtures {
  public static final String MARGIN_CALL = "binance/000-margin-call.json";
  public static final String ACCOUNT_UPDATE = "binance/002-account-update.json";
  public static final String ACCOUNT_UPDATE_MALFORMED = "binance/002-account-update-malformed.json";

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
