package org.margindesk.activity;

public record FacilityCancellation(String eventKey, String callId, String accountId) {}
