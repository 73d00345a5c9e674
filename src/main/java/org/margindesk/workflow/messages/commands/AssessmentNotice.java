package org.margindesk.workflow.messages.commands;

import java.util.List;
import org.margindesk.domain.Assessment;

/** A change of the account's assessment while the call is open: only changes are sent. */
public record AssessmentNotice(
    Assessment assessment, List<String> reasons, String snapshotId, long asOfMillis) {}
