package org.margindesk.workflow.messages.commands;

/**
 * A supervisor moves the call's deadline.
 *
 * @param extendBy an ISO-8601 duration, e.g. PT6H
 */
public record ExtensionRequest(String actor, String extendBy, String reason) {}
