package org.margindesk.activity;

import java.util.List;
import java.util.Map;
import org.margindesk.domain.CallStatus;

/** The call as it opened, for the read model. Policy and figures are kept as they were then. */
public record OpenedCall(
    String callId,
    String accountId,
    int callNumber,
    CallStatus status,
    String openingAssessment,
    List<String> triggerReasons,
    Map<String, Object> policy,
    Map<String, String> figures,
    Map<String, String> stepModes,
    long openedAtMillis,
    long deadlineMillis) {}
