package org.margindesk.workflow.messages.values;

import java.math.BigDecimal;

/**
 * The policy a call opened under, kept on the call so later configuration changes never alter an
 * open call. Durations are ISO-8601 text so histories stay readable and serializer-independent.
 */
public record PolicyValues(
    BigDecimal minTopUpRatio,
    BigDecimal terminationRatio,
    BigDecimal mmrMarginCall,
    BigDecimal mmrLiquidation,
    String remediationWindow,
    String maxExtension) {}
