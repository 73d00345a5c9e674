package org.margindesk.activity;

public record TaskRequest(String taskId, String callId, String accountId, String type) {}
