package org.margindesk.workflow;

/** A supervisor asks for the call to be waived; a different supervisor must approve it. */
public record WaiverRequest(String actor, String reason) {}
