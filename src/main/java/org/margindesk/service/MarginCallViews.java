package org.margindesk.service;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.margindesk.audit.TimelineEntry;
import org.margindesk.domain.RestrictionStatus;
import org.margindesk.gateway.AccountControls;

/** Margin calls as the API shows them: amounts and ratios as decimal strings, ISO-8601 times. */
public final class MarginCallViews {
  private MarginCallViews() {}

  /** What opened the call: the first assessment and the policy rules it broke. */
  public record CallTrigger(String assessment, List<String> reasons) {}

  /**
   * One call in a list. {@code closedAt} and {@code outcome} are null while it is open; {@code
   * restriction} says whether its opening restrictions (reduce-only, withdrawals off) are confirmed
   * at the exchange, and {@code restrictedAt} when (null while PENDING).
   */
  public record MarginCallItem(
      String id,
      String accountId,
      String status,
      CallTrigger trigger,
      Instant openedAt,
      Instant deadline,
      @Schema(nullable = true, implementation = String.class, format = "date-time")
          Instant closedAt,
      @Schema(nullable = true) String outcome,
      RestrictionStatus restriction,
      @Schema(nullable = true, implementation = String.class, format = "date-time")
          Instant restrictedAt) {}

  /** A page of calls, newest first; {@code nextCursor} is null on the last page. */

  /** The policy the call opened under; later facility changes never alter it. */
  public record CallPolicy(
      String minTopUpRatio,
      String terminationRatio,
      String mmrMarginCall,
      String mmrLiquidation,
      String remediationWindow,
      String maxExtension) {}

  public record ExtensionView(
      String id, String extendBy, String by, Instant at, String reason, Instant newDeadline) {}

  /**
   * Every extension granted, with the total and what is left of the policy's maxExtension.
   *
   * @param total ISO-8601, PT0S when none was granted
   * @param remaining ISO-8601, never negative
   */
  public record ExtensionsView(List<ExtensionView> items, String total, String remaining) {}

  /**
   * A waiver request. {@code decidedBy} is {@code system} when the call closed before anyone
   * decided.
   */
  public record WaiverView(
      String id,
      String status,
      String requestedBy,
      Instant requestedAt,
      String reason,
      @Schema(nullable = true) String decidedBy,
      @Schema(nullable = true, implementation = String.class, format = "date-time")
          Instant decidedAt,
      @Schema(nullable = true) String decisionReason) {}

  /**
   * One call with everything about it: the list fields, the policy it opened under, the exchange's
   * current controls on the account, extensions, waivers, operator tasks, and its history from the
   * audit trail.
   */
  public record MarginCallDetail(
      String id,
      String accountId,
      String status,
      CallTrigger trigger,
      Instant openedAt,
      Instant deadline,
      @Schema(nullable = true, implementation = String.class, format = "date-time")
          Instant closedAt,
      @Schema(nullable = true) String outcome,
      @Schema(nullable = true) String currentStep,
      Map<String, String> figures,
      CallPolicy policy,
      AccountControls restrictions,
      RestrictionStatus restriction,
      @Schema(nullable = true, implementation = String.class, format = "date-time")
          Instant restrictedAt,
      ExtensionsView extensions,
      List<WaiverView> waivers,
      @Schema(
              description =
                  "The call's operator tasks, each as GET /api/v1/tasks/{id} answers it"
                      + " without its history")
          List<TaskView> tasks,
      List<NotificationView> notifications,
      List<TimelineEntry> timeline) {}

  /** The answer to an accepted extension: the new deadline and what is left of the allowance. */
  public record ExtensionGrantedView(
      String id,
      String extendBy,
      String by,
      String reason,
      Instant newDeadline,
      String totalExtension,
      String remainingExtension) {}

  /**
   * A waiver request as it stands after an action: the waiver's own fields, as a call's detail
   * lists them, followed by the call's id and status (WAIVED once approved).
   */
  public record WaiverAnswer(
      @JsonUnwrapped WaiverView waiver, String marginCallId, String marginCallStatus) {}
}
