package org.margindesk.activity;

import java.util.List;
import org.margindesk.domain.TaskStatus;

/**
 * What {@link CallRecordActivities#recordLiquidatingOpening} wrote.
 *
 * @param unsent the restriction keys not on record, as {@link CallRecordActivities#recordOpening}
 *     answers them
 * @param nextStepTask the status of the next step's operator task if it was opened; null if it was
 *     not (a restriction was not on record, or none was asked for)
 */
public record LiquidatingOpened(List<String> unsent, TaskStatus nextStepTask) {}
