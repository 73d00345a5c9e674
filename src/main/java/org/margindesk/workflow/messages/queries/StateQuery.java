package org.margindesk.workflow.messages.queries;

/** Asks for the call's state; a record so the query can grow filters without a new signature. */
public record StateQuery() {}
