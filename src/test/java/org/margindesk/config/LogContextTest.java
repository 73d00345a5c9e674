package org.margindesk.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.jboss.logging.MDC;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LogContextTest {

  @AfterEach
  void clear() {
    MDC.clear();
  }

  @Test
  void givenACallScope_whenOpenAndClosed_thenTheFieldsAreSetAndThenGone() {
    try (var log = LogContext.forCall("mc-1", "acct-9")) {
      assertThat(MDC.get(LogContext.MARGIN_CALL_ID)).isEqualTo("mc-1");
      assertThat(MDC.get(LogContext.ACCOUNT_ID)).isEqualTo("acct-9");
    }
    assertThat(MDC.get(LogContext.MARGIN_CALL_ID)).isNull();
    assertThat(MDC.get(LogContext.ACCOUNT_ID)).isNull();
  }

  @Test
  void givenNestedScopesOnAReusedThread_whenTheInnerCloses_thenTheOuterCallIsBack() {
    MDC.put(LogContext.REQUEST_ID, "req-1");
    try (var outer = LogContext.forCall("mc-1", "acct-9")) {
      try (var inner = LogContext.forCall("mc-2", null)) {
        assertThat(MDC.get(LogContext.MARGIN_CALL_ID)).isEqualTo("mc-2");
        assertThat(MDC.get(LogContext.ACCOUNT_ID)).isNull();
      }
      assertThat(MDC.get(LogContext.MARGIN_CALL_ID)).isEqualTo("mc-1");
      assertThat(MDC.get(LogContext.ACCOUNT_ID)).isEqualTo("acct-9");
    }
    assertThat(MDC.get(LogContext.MARGIN_CALL_ID)).isNull();
    assertThat(MDC.get(LogContext.REQUEST_ID)).isEqualTo("req-1");
  }
}
