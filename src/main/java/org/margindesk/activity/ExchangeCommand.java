package org.margindesk.activity;

public record ExchangeCommand(
    String idempotencyKey, String callId, String accountId, String actor) {}
