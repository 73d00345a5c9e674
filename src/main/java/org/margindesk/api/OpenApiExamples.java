package org.margindesk.api;

/**
 * Request and response bodies shown as examples in the OpenAPI document. They follow one story so
 * that the examples fit together: account acc-1 has a 10,000 USDT Margin+ facility (minimum top-up
 * balance 12,500, termination amount 11,000 under the default policy), a snapshot with a collateral
 * balance of 12,000 opens margin call margin-call-acc-1-1, and its manual liquidation steps become
 * operator tasks. The API's tests exercise the same shapes.
 */
public final class OpenApiExamples {
  private OpenApiExamples() {}

  public static final String FACILITY_REQUEST =
      """
      {"marginPlusAmount":"10000.00","asset":"USDT","exchangeAlias":"SfsR",\
      "contactEmail":"holder@example.com","policy":{"remediationWindow":"PT6H"}}""";

  public static final String FACILITY =
      """
      {"accountId":"acc-1","marginPlusAmount":"10000","asset":"USDT","exchangeAlias":"SfsR",\
      "contactEmail":"holder@example.com","status":"ACTIVE","policy":{"minTopUpRatio":"1.25",\
      "terminationRatio":"1.1","mmrMarginCall":"10","mmrLiquidation":"5",\
      "remediationWindow":"PT6H","maxExtension":"PT12H","minTopUpBalance":"12500",\
      "terminationAmount":"11000","overridden":["remediationWindow"]}}""";

  public static final String ACCOUNT =
      """
      {"accountId":"acc-1","facility":{"accountId":"acc-1","marginPlusAmount":"10000",\
      "asset":"USDT","exchangeAlias":"SfsR","contactEmail":"holder@example.com",\
      "status":"ACTIVE","policy":{"minTopUpRatio":"1.25","terminationRatio":"1.1",\
      "mmrMarginCall":"10","mmrLiquidation":"5","remediationWindow":"PT6H",\
      "maxExtension":"PT12H","minTopUpBalance":"12500","terminationAmount":"11000",\
      "overridden":["remediationWindow"]}},"latestRisk":{"collateralBalance":"12000",\
      "maintenanceMarginRatio":"12.5","asOf":"2026-11-22T10:00:00Z",\
      "assessment":"MARGIN_CALL"},"restrictions":{"reduceOnly":true,\
      "withdrawalsEnabled":false,"tradingEnabled":true},\
      "openMarginCallId":"margin-call-acc-1-1"}""";

  public static final String SNAPSHOT =
      """
      {"eventId":"evt-1","accountId":"acc-1","asOf":"2026-11-22T10:00:00Z",\
      "collateralBalance":"12000.00","maintenanceMarginRatio":"12.5"}""";

  public static final String SNAPSHOT_OUTCOME =
      """
      {"assessment":"MARGIN_CALL","reasons":[{"rule":"CAB_BELOW_MIN_TOP_UP",\
      "outcome":"MARGIN_CALL","threshold":"12500","value":"12000",\
      "message":"collateral balance 12000 is below the minimum top-up balance 12500"}],\
      "marginCallId":"margin-call-acc-1-1","duplicate":false,"stale":false,\
      "snapshotId":"3f6c2a1e-8b0d-4c57-9a43-0e5d7b2c9f14","restriction":"APPLIED"}""";

  public static final String SNAPSHOT_BATCH =
      """
      {"items":[{"eventId":"evt-2","accountId":"acc-1","asOf":"2026-11-22T10:05:00Z",\
      "collateralBalance":"12600"},{"eventId":"evt-3","accountId":"acc-2",\
      "asOf":"2026-11-22T10:05:00Z","maintenanceMarginRatio":"abc"}]}""";

  public static final String SNAPSHOT_BATCH_RESULT =
      """
      {"accepted":1,"failed":1,"items":[{"index":0,"eventId":"evt-2","status":202,\
      "result":{"assessment":"HEALTHY","reasons":[],"marginCallId":null,"duplicate":false,\
      "stale":false,"snapshotId":"9a1d4e7b-2c3f-4b8a-8e6d-5f0c1b2a3d4e","restriction":null}},\
      {"index":1,"eventId":"evt-3","status":400,"problem":{"type":"about:blank",\
      "title":"Bad Request","status":400,"detail":"maintenanceMarginRatio: must be a decimal\
       number, as a JSON number or a string such as \\"12000.50\\"","errors":[{"field":\
      "maintenanceMarginRatio","message":"must be a decimal number, as a JSON number or a\
       string such as \\"12000.50\\""}]}}]}""";

  public static final String WHAT_IF =
      """
      {"accountId":"acc-1","collateralBalance":"10900"}""";

  public static final String WHAT_IF_ANSWER =
      """
      {"assessment":"LIQUIDATION","reasons":[{"rule":"CAB_BELOW_TERMINATION",\
      "outcome":"LIQUIDATION","threshold":"11000","value":"10900",\
      "message":"collateral balance 10900 is below the termination amount 11000"},\
      {"rule":"CAB_BELOW_MIN_TOP_UP","outcome":"MARGIN_CALL","threshold":"12500",\
      "value":"10900","message":"collateral balance 10900 is below the minimum top-up balance\
       12500"}],"marginCallId":"margin-call-acc-1-1","duplicate":false,"stale":false,\
      "assessmentWouldChange":true,\
      "effect":"would escalate call margin-call-acc-1-1 to liquidation"}""";

  /** A Binance user-data-stream MARGIN_CALL event, as the exchange sends it. */
  public static final String BINANCE_MARGIN_CALL =
      """
      {"e":"MARGIN_CALL","E":1587727187525,"i":"SfsR","cw":"3.16812045",\
      "p":[{"s":"BTCUSD_200925","ps":"LONG","pa":"132","mt":"CROSSED","iw":"0",\
      "mp":"9187.17127000","up":"-1.166074","mm":"1.614445"}]}""";

  public static final String MARGIN_CALL_ITEM =
      """
      {"id":"margin-call-acc-1-1","accountId":"acc-1","status":"OPEN",\
      "trigger":{"assessment":"MARGIN_CALL","reasons":["CAB_BELOW_MIN_TOP_UP"]},\
      "openedAt":"2026-11-22T10:00:00Z","deadline":"2026-11-22T16:00:00Z",\
      "closedAt":null,"outcome":null}""";

  public static final String MARGIN_CALL_PAGE =
      "{\"items\":[" + MARGIN_CALL_ITEM + "],\"nextCursor\":null}";

  public static final String MARGIN_CALL_ESCALATED =
      """
      {"id":"margin-call-acc-1-1","accountId":"acc-1","status":"LIQUIDATING",\
      "trigger":{"assessment":"MARGIN_CALL","reasons":["CAB_BELOW_MIN_TOP_UP"]},\
      "openedAt":"2026-11-22T10:00:00Z","deadline":"2026-11-22T16:00:00Z",\
      "closedAt":null,"outcome":null}""";

  public static final String EXTENSION_REQUEST =
      """
      {"extendBy":"PT6H","reason":"holder wired funds, bank delay"}""";

  public static final String EXTENSION_GRANTED =
      """
      {"id":"5b7e2f0a-1c3d-4e6f-8a9b-0c1d2e3f4a5b","extendBy":"PT6H","by":"supervisor",\
      "reason":"holder wired funds, bank delay","newDeadline":"2026-11-22T22:00:00Z",\
      "totalExtension":"PT6H","remainingExtension":"PT6H"}""";

  public static final String ESCALATION_REQUEST =
      """
      {"reason":"collateral is being withdrawn elsewhere"}""";

  public static final String WAIVER_REQUEST =
      """
      {"reason":"price feed error, risk was never real"}""";

  public static final String WAIVER_PENDING =
      """
      {"id":"c2d4e6f8-0a1b-4c3d-9e5f-7a8b9c0d1e2f","status":"PENDING",\
      "requestedBy":"supervisor","requestedAt":"2026-11-22T11:00:00Z",\
      "reason":"price feed error, risk was never real","decidedBy":null,"decidedAt":null,\
      "decisionReason":null,"marginCallId":"margin-call-acc-1-1","marginCallStatus":"OPEN"}""";

  public static final String WAIVER_APPROVAL =
      """
      {"reason":"confirmed with the market data team"}""";

  public static final String WAIVER_APPROVED =
      """
      {"id":"c2d4e6f8-0a1b-4c3d-9e5f-7a8b9c0d1e2f","status":"APPROVED",\
      "requestedBy":"supervisor","requestedAt":"2026-11-22T11:00:00Z",\
      "reason":"price feed error, risk was never real","decidedBy":"supervisor2",\
      "decidedAt":"2026-11-22T11:20:00Z","decisionReason":"confirmed with the market data team",\
      "marginCallId":"margin-call-acc-1-1","marginCallStatus":"WAIVED"}""";

  public static final String WAIVER_REJECTION =
      """
      {"reason":"the price feed was correct; the breach is real"}""";

  public static final String WAIVER_REJECTED =
      """
      {"id":"c2d4e6f8-0a1b-4c3d-9e5f-7a8b9c0d1e2f","status":"REJECTED",\
      "requestedBy":"supervisor","requestedAt":"2026-11-22T11:00:00Z",\
      "reason":"price feed error, risk was never real","decidedBy":"supervisor2",\
      "decidedAt":"2026-11-22T11:20:00Z",\
      "decisionReason":"the price feed was correct; the breach is real",\
      "marginCallId":"margin-call-acc-1-1","marginCallStatus":"OPEN"}""";

  public static final String TASK =
      """
      {"id":"margin-call-acc-1-1:close-all-positions","marginCallId":"margin-call-acc-1-1",\
      "accountId":"acc-1","type":"CLOSE_ALL_POSITIONS","status":"CLAIMED",\
      "needsApproval":false,"assignee":"operator","claimedAt":"2026-11-22T16:05:00Z",\
      "createdAt":"2026-11-22T16:00:01Z","dueAt":"2026-11-22T16:30:01Z","escalationLevel":0,\
      "completedBy":null,"completedAt":null,"approvedBy":null,"note":null,"evidence":null}""";

  public static final String TASK_WITH_HISTORY =
      """
      {"id":"margin-call-acc-1-1:close-all-positions","marginCallId":"margin-call-acc-1-1",\
      "accountId":"acc-1","type":"CLOSE_ALL_POSITIONS","status":"CLAIMED",\
      "needsApproval":false,"assignee":"operator","claimedAt":"2026-11-22T16:05:00Z",\
      "createdAt":"2026-11-22T16:00:01Z","dueAt":"2026-11-22T16:30:01Z","escalationLevel":0,\
      "completedBy":null,"completedAt":null,"approvedBy":null,"note":null,"evidence":null,\
      "history":[{"at":"2026-11-22T16:00:01Z","action":"TASK_CREATED","actor":"system",\
      "reason":null},{"at":"2026-11-22T16:05:00Z","action":"TASK_CLAIMED",\
      "actor":"operator","reason":null}]}""";

  public static final String TASK_PAGE = "{\"items\":[" + TASK + "],\"nextCursor\":null}";

  public static final String TASK_COMPLETION =
      """
      {"note":"closed at market","evidence":{"closingOrderIds":["ord-1","ord-2"]}}""";

  public static final String TASK_DONE =
      """
      {"id":"margin-call-acc-1-1:close-all-positions","marginCallId":"margin-call-acc-1-1",\
      "accountId":"acc-1","type":"CLOSE_ALL_POSITIONS","status":"DONE",\
      "needsApproval":false,"assignee":"operator","claimedAt":"2026-11-22T16:05:00Z",\
      "createdAt":"2026-11-22T16:00:01Z","dueAt":"2026-11-22T16:30:01Z","escalationLevel":0,\
      "completedBy":"operator","completedAt":"2026-11-22T16:12:00Z","approvedBy":null,\
      "note":"closed at market","evidence":{"closingOrderIds":["ord-1","ord-2"]}}""";

  public static final String TASK_REJECTION =
      """
      {"reason":"wrong transfer reference"}""";

  public static final String NOTIFICATION =
      """
      {"id":"7d9f1b3c-5e7a-4c9e-8b1d-3f5a7c9e1b3d","type":"CALL_OPENED","recipient":"HOLDER",\
      "marginCallId":"margin-call-acc-1-1","accountId":"acc-1","status":"DELIVERED",\
      "createdAt":"2026-11-22T10:00:01Z","figures":{"asset":"USDT",\
      "collateralBalance":"12000","minTopUpBalance":"12500","terminationBalance":"11000",\
      "shortfallToMinTopUp":"500","deadline":"2026-11-22T16:00:00Z"},"send":1,\
      "nextAttemptAt":null,"deliveredAt":"2026-11-22T10:00:03Z","failedAt":null,\
      "lastError":null,"acknowledgedAt":null,"acknowledgedBy":null,"attempts":[{\
      "channel":"email","send":1,"attemptNo":1,"at":"2026-11-22T10:00:03Z",\
      "outcome":"DELIVERED","statusCode":null,"error":null}]}""";

  public static final String NOTIFICATION_PAGE =
      "{\"items\":[" + NOTIFICATION + "],\"nextCursor\":null}";

  public static final String NOTIFICATION_ACKNOWLEDGED =
      """
      {"id":"7d9f1b3c-5e7a-4c9e-8b1d-3f5a7c9e1b3d","type":"CALL_OPENED","recipient":"HOLDER",\
      "marginCallId":"margin-call-acc-1-1","accountId":"acc-1","status":"ACKNOWLEDGED",\
      "createdAt":"2026-11-22T10:00:01Z","figures":{"asset":"USDT",\
      "collateralBalance":"12000","minTopUpBalance":"12500","terminationBalance":"11000",\
      "shortfallToMinTopUp":"500","deadline":"2026-11-22T16:00:00Z"},"send":1,\
      "nextAttemptAt":null,"deliveredAt":"2026-11-22T10:00:03Z","failedAt":null,\
      "lastError":null,"acknowledgedAt":"2026-11-22T10:04:10Z","acknowledgedBy":"feed",\
      "attempts":[{"channel":"email","send":1,"attemptNo":1,"at":"2026-11-22T10:00:03Z",\
      "outcome":"DELIVERED","statusCode":null,"error":null}]}""";

  public static final String CHAIN_VALID =
      """
      {"valid":true,"checked":1234,"firstBrokenSeq":null}""";

  public static final String WHO_AM_I =
      """
      {"user":"operator","subject":"operator","roles":["operator","viewer"]}""";

  // Problems (application/problem+json).

  public static final String PROBLEM_UNAUTHORIZED =
      """
      {"type":"about:blank","title":"Unauthorized","status":401,
       "detail":"Credentials are missing or not valid: send HTTP Basic (embedded mode) or a bearer token."}
      """;

  public static final String PROBLEM_MISSING_ROLE =
      """
      {"type":"about:blank","title":"Forbidden","status":403,
       "detail":"Your roles do not allow this request on /api/v1/tasks","instance":"/api/v1/tasks"}
      """;

  public static final String PROBLEM_BAD_FIELDS =
      """
      {"type":"about:blank","title":"Bad Request","status":400,\
      "detail":"asOf: is required; collateralBalance: must have at most 8 decimal places",\
      "instance":"/api/v1/risk-snapshots","errors":[{"field":"asOf","message":"is required"},\
      {"field":"collateralBalance","message":"must have at most 8 decimal places"}]}""";

  public static final String PROBLEM_UNSUPPORTED_MEDIA_TYPE =
      """
      {"type":"about:blank","title":"Unsupported Media Type","status":415,\
      "detail":"HTTP 415 Unsupported Media Type","instance":"/api/v1/risk-snapshots"}""";

  public static final String PROBLEM_NOT_FOUND =
      """
      {"type":"about:blank","title":"Not Found","status":404,\
      "detail":"No margin call 'margin-call-acc-9-1'",\
      "instance":"/api/v1/margin-calls/margin-call-acc-9-1"}""";

  public static final String PROBLEM_EVENT_ID_REUSED =
      """
      {"type":"about:blank","title":"Conflict","status":409,\
      "detail":"eventId 'evt-1' was already used for another account",\
      "instance":"/api/v1/risk-snapshots"}""";

  public static final String PROBLEM_ALIAS_TAKEN =
      """
      {"type":"about:blank","title":"Conflict","status":409,\
      "detail":"exchangeAlias 'SfsR' already belongs to account acc-7",\
      "instance":"/api/v1/accounts/acc-1/facility"}""";

  public static final String PROBLEM_EXTENSION_EXCEEDED =
      """
      {"type":"about:blank","title":"Conflict","status":409,\
      "detail":"over the cap: extending by PT8H would make PT14H in total, more than the PT12H\
       allowed; remaining allowance PT6H",\
      "instance":"/api/v1/margin-calls/margin-call-acc-1-1/extensions"}""";

  public static final String PROBLEM_SELF_APPROVAL =
      """
      {"type":"about:blank","title":"Forbidden","status":403,\
      "detail":"self-approval: supervisor requested waiver c2d4e6f8-0a1b-4c3d-9e5f-7a8b9c0d1e2f\
       and cannot approve it; another supervisor must",\
      "instance":"/api/v1/margin-calls/margin-call-acc-1-1/waivers/\
      c2d4e6f8-0a1b-4c3d-9e5f-7a8b9c0d1e2f/approve"}""";

  public static final String PROBLEM_TASK_HELD =
      """
      {"type":"about:blank","title":"Conflict","status":409,\
      "detail":"Task 'margin-call-acc-1-1:close-all-positions': claim refused,\
       the task is claimed by operator2","instance":\
      "/api/v1/tasks/margin-call-acc-1-1:close-all-positions/claim"}""";

  public static final String PROBLEM_TASK_FOUR_EYES =
      """
      {"type":"about:blank","title":"Forbidden","status":403,\
      "detail":"Task 'margin-call-acc-1-1:reclaim-margin-plus-funds': approve refused,\
       supervisor completed the task; a different supervisor must approve it","instance":\
      "/api/v1/tasks/margin-call-acc-1-1:reclaim-margin-plus-funds/approve"}""";

  public static final String PROBLEM_UNSUPPORTED_EVENT =
      """
      {"type":"about:blank","title":"Unprocessable Content","status":422,\
      "detail":"e: event type 'ORDER_TRADE_UPDATE' is not handled; only MARGIN_CALL and\
       ACCOUNT_UPDATE carry risk","instance":"/api/v1/exchange-events/binance",\
      "errors":[{"field":"e","message":"event type 'ORDER_TRADE_UPDATE' is not handled;\
       only MARGIN_CALL and ACCOUNT_UPDATE carry risk"}]}""";

  public static final String PROBLEM_IDEMPOTENCY_KEY_REUSED =
      """
      {"type":"about:blank","title":"Unprocessable Content","status":422,\
      "detail":"This Idempotency-Key was already used with another body on POST\
       /api/v1/margin-calls/margin-call-acc-1-1/extensions; a new request needs a new key.",\
      "instance":"/api/v1/margin-calls/margin-call-acc-1-1/extensions",\
      "errors":[{"field":"Idempotency-Key","message":"was already used with another body on\
       this path"}]}""";
}
