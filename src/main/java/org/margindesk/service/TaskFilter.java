package org.margindesk.service;

import java.util.Set;

/**
 * Which tasks a list wants; every non-null criterion must hold.
 *
 * @param statuses any of these, or null for all
 */
public record TaskFilter(
    Set<String> statuses, String type, String marginCallId, String accountId, String assignee) {}
