package org.margindesk.service;

import java.time.Instant;

/** Where a page of tasks ends: lists run in (dueAt, id) order, most urgent first. */
public record TaskPosition(Instant dueAt, String id) {}
