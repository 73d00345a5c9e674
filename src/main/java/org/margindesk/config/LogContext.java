package org.margindesk.config;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.MDC;

/**
 * The logging MDC fields Margin Desk sets, and a scope that sets them for one piece of work.
 * Production logs are JSON with the MDC as a field, so these names are what operators query for.
 *
 * <p>Activities wrap their body in {@code try (var log = LogContext.forCall(callId, accountId))}.
 * Temporal runs activities on a pooled thread, so the scope restores what was there before on
 * close; otherwise the next activity on that thread would log under a stale call id.
 */
public final class LogContext implements AutoCloseable {
  /** Set for every HTTP request by {@code api.RequestIdFilter}. */
  public static final String REQUEST_ID = "requestId";

  public static final String MARGIN_CALL_ID = "marginCallId";
  public static final String ACCOUNT_ID = "accountId";

  private final Map<String, Object> previous = new LinkedHashMap<>();

  private LogContext(Map<String, String> fields) {
    fields.forEach(
        (key, value) -> {
          previous.put(key, MDC.get(key));
          if (value == null) {
            MDC.remove(key);
          } else {
            MDC.put(key, value);
          }
        });
  }

  /** Both values may be null when not known yet; a null clears the field for the scope. */
  public static LogContext forCall(String marginCallId, String accountId) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put(MARGIN_CALL_ID, marginCallId);
    fields.put(ACCOUNT_ID, accountId);
    return new LogContext(fields);
  }

  @Override
  public void close() {
    previous.forEach(
        (key, value) -> {
          if (value == null) {
            MDC.remove(key);
          } else {
            MDC.put(key, value);
          }
        });
  }
}
