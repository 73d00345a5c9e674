package org.margindesk.api.task;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.margindesk.service.TaskView;

/** A page of tasks, most urgent (earliest due) first; nextCursor is null on the last page. */
public record TaskPage(List<TaskView> items, @Schema(nullable = true) String nextCursor) {}
