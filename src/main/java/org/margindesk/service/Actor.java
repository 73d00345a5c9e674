package org.margindesk.service;

/** Who asked for a change: the authenticated user name and roles, for the audit trail. */
public record Actor(String name, String roles) {}
