package org.margindesk.workflow.messages.values;

import org.margindesk.domain.CallStatus;

/**
 * @param status the waiver's status: PENDING, APPROVED or REJECTED
 * @param callStatus the call's status afterwards (WAIVED once an approval is applied)
 */
public record WaiverResult(String waiverId, String status, CallStatus callStatus) {}
