package org.margindesk.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.margindesk.api.MarginCallTestSupport.as;
import static org.margindesk.api.MarginCallTestSupport.openCall;
import static org.margindesk.api.MarginCallTestSupport.registerFacility;
import static org.margindesk.security.Roles.FEED;
import static org.margindesk.security.Roles.OPERATOR;
import static org.margindesk.security.Roles.SUPERVISOR;
import static org.margindesk.security.Roles.VIEWER;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.margindesk.activity.NotificationActivities;
import org.margindesk.activity.NotificationRequest;
import org.margindesk.activity.NotificationType;
import org.margindesk.api.task.TaskFixtures;
import org.margindesk.domain.LiquidationStep;
import org.margindesk.ingest.Fixtures;
import org.margindesk.notification.NotificationOutbox;
import org.margindesk.service.LifecycleFixtures;

/**
 * Every {@code /api/v1} endpoint called by every kind of caller. Anonymous gets 401, a caller
 * without the endpoint's role gets 403, and a caller with it gets a real 2xx against real data.
 *
 * <p>A denied caller is sent a request that would not answer 403 for any other reason: the target
 * exists and nothing in it refuses that caller by name (no four-eyes, no holder check), so the 403
 * can only come from the role check. The matrix must list exactly the routes the OpenAPI document
 * shows under {@code /api/v1}, so a new endpoint fails this test until it has a row.
 */
@QuarkusTest
class RoleMatrixTest {
  private static final String API = "/api/v1";

  /** The embedded users, with the roles the hierarchy gives them spelled out independently. */
  enum Caller {
    ANONYMOUS(null),
    VIEWER_USER("viewer", VIEWER),
    OPERATOR_USER("operator", OPERATOR, VIEWER),
    SUPERVISOR_USER("supervisor", SUPERVISOR, OPERATOR, VIEWER),
    FEED_USER("feed", FEED);

    final String user;
    final Set<String> roles;

    Caller(String user, String... roles) {
      this.user = user;
      this.roles = Set.of(roles);
    }

    @Override
    public String toString() {
      return user == null ? "anonymous" : user;
    }
  }

  /**
   * One row of the matrix.
   *
   * @param rolesAllowed the resource method's {@code @RolesAllowed}
   * @param request prepares the target and body of one case and names the 2xx an allowed caller
   *     gets
   */
  record Endpoint(
      String method, String path, Set<String> rolesAllowed, Function<Setup, Call> request) {
    boolean allows(Caller caller) {
      return rolesAllowed.stream().anyMatch(caller.roles::contains);
    }

    String route() {
      return method + " " + path;
    }

    @Override
    public String toString() {
      return route();
    }
  }

  /** What one case sends: path parameters in template order, an optional JSON body. */
  record Call(int allowedStatus, String body, List<Object> pathParams) {}

  static Call expect(int allowedStatus, String body, Object... pathParams) {
    return new Call(allowedStatus, body, List.of(pathParams));
  }

  private static Endpoint row(
      String method, String path, Set<String> rolesAllowed, Function<Setup, Call> request) {
    return new Endpoint(method, API + path, rolesAllowed, request);
  }

  private static final Set<String> VIEWERS = Set.of(VIEWER);
  private static final Set<String> OPERATORS = Set.of(OPERATOR);
  private static final Set<String> SUPERVISORS = Set.of(SUPERVISOR);
  private static final Set<String> FEEDS = Set.of(FEED);
  private static final String REASON = "{\"reason\":\"role matrix\"}";

  static final List<Endpoint> MATRIX =
      List.of(
          row("GET", "/me", Set.of(VIEWER, FEED), s -> expect(200, null)),
          // Accounts and facilities.
          row("GET", "/accounts/{accountId}", VIEWERS, s -> expect(200, null, s.healthyAccount())),
          row(
              "PUT",
              "/accounts/{accountId}/facility",
              SUPERVISORS,
              s -> {
                String account = s.freshAccount();
                return expect(201, facility(account, "USDT"), account);
              }),
          // Risk feed.
          row("POST", "/risk-snapshots", FEEDS, s -> expect(202, snapshot(s.healthyAccount()))),
          row(
              "POST",
              "/risk-snapshots/batch",
              FEEDS,
              s -> expect(200, "{\"items\":[" + snapshot(s.healthyAccount()) + "]}")),
          row(
              "POST",
              "/risk-snapshots/what-if",
              VIEWERS,
              s -> expect(200, snapshot(s.healthyAccount()))),
          row("POST", "/exchange-events/binance", FEEDS, s -> expect(202, s.binanceEvent())),
          // Margin calls: writes go to a fresh open call when allowed, so no case sees another's.
          row("GET", "/margin-calls", VIEWERS, s -> expect(200, null)),
          row("GET", "/margin-calls/{callId}", VIEWERS, s -> expect(200, null, s.sharedCall())),
          row(
              "POST",
              "/margin-calls/{callId}/extensions",
              SUPERVISORS,
              s ->
                  expect(
                      201,
                      "{\"extendBy\":\"PT1H\",\"reason\":\"role matrix\"}",
                      s.openCallToChange())),
          row(
              "POST",
              "/margin-calls/{callId}/escalations",
              SUPERVISORS,
              s -> expect(200, REASON, s.openCallToChange())),
          row(
              "POST",
              "/margin-calls/{callId}/waivers",
              SUPERVISORS,
              s -> expect(201, REASON, s.openCallToChange())),
          // The waiver was requested by supervisor2, so four-eyes never refuses a caller here.
          row(
              "POST",
              "/margin-calls/{callId}/waivers/{waiverId}/approve",
              SUPERVISORS,
              s -> {
                Waiver waiver = s.pendingWaiverToDecide();
                return expect(200, REASON, waiver.callId(), waiver.waiverId());
              }),
          row(
              "POST",
              "/margin-calls/{callId}/waivers/{waiverId}/reject",
              SUPERVISORS,
              s -> {
                Waiver waiver = s.pendingWaiverToDecide();
                return expect(200, REASON, waiver.callId(), waiver.waiverId());
              }),
          // Audit trail.
          row("GET", "/audit-events", VIEWERS, s -> expect(200, null)),
          row("GET", "/audit-events/verification", SUPERVISORS, s -> expect(200, null)),
          // Notifications.
          row("GET", "/notifications", VIEWERS, s -> expect(200, null)),
          row(
              "GET",
              "/notifications/{id}",
              VIEWERS,
              s -> expect(200, null, s.sharedNotification())),
          row(
              "POST",
              "/notifications/{id}/acknowledgement",
              FEEDS,
              s -> expect(200, null, s.freshNotification())),
          // Operator tasks, each case on a task of its own.
          row("GET", "/tasks", OPERATORS, s -> expect(200, null)),
          row(
              "GET",
              "/tasks/{id}",
              OPERATORS,
              s -> expect(200, null, s.openTask(LiquidationStep.CLOSE_ALL_POSITIONS))),
          row(
              "POST",
              "/tasks/{id}/claim",
              OPERATORS,
              s -> expect(200, null, s.openTask(LiquidationStep.CLOSE_ALL_POSITIONS))),
          row(
              "POST",
              "/tasks/{id}/release",
              OPERATORS,
              s -> expect(200, null, s.taskHeldByCaller(LiquidationStep.CLOSE_ALL_POSITIONS))),
          // Reclaiming needs approval, so completing it stays in PostgreSQL: AWAITING_APPROVAL.
          row(
              "POST",
              "/tasks/{id}/complete",
              OPERATORS,
              s ->
                  expect(
                      200,
                      "{\"note\":\"role matrix\",\"evidence\":{\"transferReference\":\"TR-RM\"}}",
                      s.taskHeldByCaller(LiquidationStep.RECLAIM_MARGIN_PLUS_FUNDS))),
          row(
              "POST",
              "/tasks/{id}/approve",
              SUPERVISORS,
              s -> expect(200, null, s.taskToApprove())),
          row(
              "POST",
              "/tasks/{id}/reject",
              SUPERVISORS,
              s -> expect(200, REASON, s.reclaimAwaitingApproval())));

  static Stream<Arguments> cases() {
    return MATRIX.stream()
        .flatMap(endpoint -> Arrays.stream(Caller.values()).map(c -> Arguments.of(endpoint, c)));
  }

  @Inject LifecycleFixtures lifecycle;
  @Inject TaskFixtures tasks;
  @Inject NotificationActivities notifications;

  @AfterEach
  void endCallsWithoutWorkflow() {
    tasks.endCallsWithoutWorkflow();
  }

  @ParameterizedTest(name = "{0} as {1}")
  @MethodSource("cases")
  void givenACaller_whenAnEndpointIsCalled_thenTheMatrixSays401Or403Or2xx(
      Endpoint endpoint, Caller caller) {
    boolean allowed = endpoint.allows(caller);
    Call call = endpoint.request().apply(new Setup(caller, allowed));

    RequestSpecification request =
        caller.user == null ? given() : given().auth().preemptive().basic(caller.user, caller.user);
    if (call.body() != null) {
      request = request.contentType(ContentType.JSON).body(call.body());
    }
    Response response =
        request.request(endpoint.method(), endpoint.path(), call.pathParams().toArray());

    int expected = caller == Caller.ANONYMOUS ? 401 : allowed ? call.allowedStatus() : 403;
    assertThat(response.statusCode())
        .as("%s as %s answered: %s", endpoint, caller, response.asString())
        .isEqualTo(expected);
  }

  @Test
  void givenTheOpenApiDocument_whenItsApiV1RoutesAreListed_thenTheyAreExactlyTheMatrixRows() {
    Map<String, Object> paths =
        given().get("/q/openapi?format=json").then().statusCode(200).extract().path("paths");
    Set<String> methods = Set.of("get", "put", "post", "delete", "patch", "head", "options");
    Set<String> exposed = new TreeSet<>();
    paths.forEach(
        (path, item) -> {
          if (path.startsWith(API + "/") || path.equals(API)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> operations = (Map<String, Object>) item;
            operations.keySet().stream()
                .filter(methods::contains)
                .forEach(method -> exposed.add(method.toUpperCase() + " " + path));
          }
        });
    Set<String> listed =
        MATRIX.stream().map(Endpoint::route).collect(Collectors.toCollection(TreeSet::new));

    assertThat(listed).as("matrix rows").hasSize(MATRIX.size());
    assertThat(exposed)
        .as("routes the app exposes under %s, compared with the matrix rows", API)
        .containsExactlyElementsOf(listed);
  }

  // ---- request bodies ----

  private static String facility(String account, String asset) {
    return "{\"marginPlusAmount\":\"10000\",\"asset\":\""
        + asset
        + "\",\"exchangeAlias\":\""
        + account
        + "-alias\"}";
  }

  /** A healthy snapshot (collateral at 200% of M+, MMR 20) with an event id of its own. */
  private static String snapshot(String account) {
    return "{\"eventId\":\""
        + UUID.randomUUID()
        + "\",\"accountId\":\""
        + account
        + "\",\"asOf\":\""
        + Instant.now()
        + "\",\"collateralBalance\":\"20000\",\"maintenanceMarginRatio\":\"20\"}";
  }

  record Waiver(String callId, String waiverId) {}

  /**
   * Targets shared by cases that only read them, made on first use. Cases that change a target
   * create their own, so the cases can run in any order.
   */
  private static final Map<String, Object> SHARED = new LinkedHashMap<>();

  @SuppressWarnings("unchecked")
  private static synchronized <T> T shared(String name, java.util.function.Supplier<T> make) {
    return (T) SHARED.computeIfAbsent(name, k -> make.get());
  }

  /** The targets of one case, prepared for its caller. */
  final class Setup {
    private final Caller caller;
    private final boolean allowed;

    Setup(Caller caller, boolean allowed) {
      this.caller = caller;
      this.allowed = allowed;
    }

    String freshAccount() {
      return MarginCallTestSupport.freshAccount("rm");
    }

    /** An account with a facility and a healthy latest snapshot. */
    String healthyAccount() {
      return shared(
          "healthyAccount",
          () -> {
            String account = freshAccount();
            registerFacility(account, null);
            as("feed")
                .contentType(ContentType.JSON)
                .body(snapshot(account))
                .post(API + "/risk-snapshots")
                .then()
                .statusCode(202);
            return account;
          });
    }

    /** The seed account update, for a BTC facility of its own (the payload's wallet asset). */
    String binanceEvent() {
      String account = freshAccount();
      as("supervisor")
          .contentType(ContentType.JSON)
          .body(facility(account, "BTC"))
          .put(API + "/accounts/" + account + "/facility")
          .then()
          .statusCode(201);
      return Fixtures.read(Fixtures.ACCOUNT_UPDATE)
          .replace("\"SfsR\"", "\"" + account + "-alias\"");
    }

    /**
     * An open call with a pending waiver requested by supervisor2. Denied callers' actions go here:
     * were the role check missing, each would answer 2xx or 409, never 403.
     */
    String sharedCall() {
      return sharedWaiver().callId();
    }

    private Waiver sharedWaiver() {
      return shared("sharedWaiver", this::callWithPendingWaiver);
    }

    /** A call of its own for an allowed caller, which the action changes; the shared one else. */
    String openCallToChange() {
      return allowed ? openCallNow() : sharedCall();
    }

    Waiver pendingWaiverToDecide() {
      return allowed ? callWithPendingWaiver() : sharedWaiver();
    }

    private String openCallNow() {
      String account = freshAccount();
      registerFacility(account, null);
      return openCall(lifecycle, account, Instant.now().toString());
    }

    private Waiver callWithPendingWaiver() {
      String callId = openCallNow();
      String waiverId =
          as("supervisor2")
              .contentType(ContentType.JSON)
              .body("{\"reason\":\"role matrix: requested by another supervisor\"}")
              .post(API + "/margin-calls/{callId}/waivers", callId)
              .then()
              .statusCode(201)
              .extract()
              .path("id");
      return new Waiver(callId, waiverId);
    }

    String sharedNotification() {
      return shared("notification", this::freshNotification);
    }

    /** A CALL_OPENED notification written the way the call's activity writes it. */
    String freshNotification() {
      String account = lifecycle.facility(null);
      String callId = "margin-call-" + account + "-1";
      NotificationRequest request =
          new NotificationRequest(
              callId + ":notify:call-opened",
              NotificationType.CALL_OPENED,
              callId,
              account,
              Map.of(
                  "asset", "USDT",
                  "collateralBalance", "12000",
                  "minTopUpBalance", "12500",
                  "terminationBalance", "11000",
                  "shortfallToMinTopUp", "500",
                  "deadline", "2026-03-02T21:00:00Z"));
      notifications.notify(request);
      return NotificationOutbox.idFor(request.key()).toString();
    }

    /** An OPEN task on a LIQUIDATING call row (no workflow behind it). */
    String openTask(LiquidationStep step) {
      return tasks.openTask(tasks.callWithoutWorkflow(), step);
    }

    /**
     * Claimed by the caller when allowed. A denied caller gets an OPEN task: without the role check
     * releasing it would be a 200 no-op and completing it a 409, neither a 403.
     */
    String taskHeldByCaller(LiquidationStep step) {
      String taskId = openTask(step);
      if (allowed) {
        TaskFixtures.act(caller.user, taskId, "claim").statusCode(200);
      }
      return taskId;
    }

    /** A reclaim task completed by operator2, so no caller of the matrix meets four-eyes. */
    String reclaimAwaitingApproval() {
      String taskId = openTask(LiquidationStep.RECLAIM_MARGIN_PLUS_FUNDS);
      TaskFixtures.act("operator2", taskId, "claim").statusCode(200);
      TaskFixtures.act("operator2", taskId, "complete", "{\"note\":\"moved back\"}")
          .statusCode(200);
      return taskId;
    }

    /**
     * Approving tells the call's workflow, so the allowed case needs a live liquidation that has
     * reached its reclaim step. Denied callers get a task without a workflow, which without the
     * role check would answer 503, not 403.
     */
    String taskToApprove() {
      if (!allowed) {
        return reclaimAwaitingApproval();
      }
      String callId = tasks.liquidatingCall();
      String close = tasks.awaitTask(callId, LiquidationStep.CLOSE_ALL_POSITIONS);
      TaskFixtures.act("operator", close, "claim").statusCode(200);
      TaskFixtures.act("operator", close, "complete", "{\"note\":\"positions closed\"}")
          .statusCode(200);
      String reclaim = tasks.awaitTask(callId, LiquidationStep.RECLAIM_MARGIN_PLUS_FUNDS);
      TaskFixtures.act("operator2", reclaim, "claim").statusCode(200);
      TaskFixtures.act("operator2", reclaim, "complete", "{\"note\":\"moved back\"}")
          .statusCode(200);
      return reclaim;
    }
  }
}
