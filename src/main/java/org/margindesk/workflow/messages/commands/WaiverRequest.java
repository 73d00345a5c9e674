package org.margindesk.workflow.messages.commands;

/** A supervisor asks for the call to be waived; a different supervisor must approve it. */
public record WaiverRequest(String actor, String reason) {}
