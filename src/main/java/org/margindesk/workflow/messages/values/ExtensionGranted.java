package org.margindesk.workflow.messages.values;

/**
 * The answer to an accepted extension.
 *
 * @param totalExtension every extension of the call so far, this one included (ISO-8601)
 * @param remainingExtension what is left of the policy's allowance (ISO-8601)
 */
public record ExtensionGranted(
    String extensionId,
    String extendBy,
    long newDeadlineMillis,
    String totalExtension,
    String remainingExtension) {}
