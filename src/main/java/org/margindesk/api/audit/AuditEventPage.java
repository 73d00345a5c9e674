package org.margindesk.api.audit;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A page of audit events; nextCursor is null on the last page. */
public record AuditEventPage(
    List<AuditEventView> items, @Schema(nullable = true) String nextCursor) {}
