package org.margindesk.audit;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The outcome of walking the audit chain.
 *
 * @param checked rows examined, up to and including the first broken one
 * @param firstBrokenSeq the seq of the first row whose hash, link to its predecessor or position
 *     does not hold; null when the chain is valid
 */
public record ChainVerification(
    boolean valid, long checked, @Schema(nullable = true) Long firstBrokenSeq) {}
