package org.margindesk.service;

/**
 * Who asked for a change, for the rules and the audit trail.
 *
 * @param name the caller's stable identity (security.CallerIdentity): what four-eyes and task
 *     holders compare, and what the audit trail records
 * @param roles the caller's roles, comma-separated
 */
public record Actor(String name, String roles) {}
