package org.margindesk.activity;

import java.util.List;
import java.util.Map;

/** The call as it opened, for the read model. Policy and figures are kept as they were then. */
public record OpenedCall(
    String callId,
    String accountId,
    int callNumber,
    String status,
    String openingAssessment,
    List<String> triggerReasons,
    Map<String, Object> policy,
    Map<String, String> figures,
    Map<String, String> stepModes,
    long openedAtMillis,
    long deadlineMillis) {}
