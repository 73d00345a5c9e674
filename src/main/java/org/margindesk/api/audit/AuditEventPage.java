package org.margindesk.api.audit;

import java.util.List;

/** A page of audit events; nextCursor is null on the last page. */
public record AuditEventPage(List<AuditEventView> items, String nextCursor) {}
