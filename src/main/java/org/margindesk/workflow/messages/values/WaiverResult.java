package org.margindesk.workflow.messages.values;

import org.margindesk.domain.CallStatus;
import org.margindesk.domain.WaiverStatus;

/**
 * @param status the waiver's status: PENDING, APPROVED or REJECTED
 * @param callStatus the call's status afterwards (WAIVED once an approval is applied)
 */
public record WaiverResult(String waiverId, WaiverStatus status, CallStatus callStatus) {}
