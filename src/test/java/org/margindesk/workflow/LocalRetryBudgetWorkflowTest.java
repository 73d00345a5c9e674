package org.margindesk.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.margindesk.workflow.CallInputFixtures.allAutomatic;
import static org.margindesk.workflow.CallInputFixtures.input;

import io.temporal.activity.LocalActivityOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkflowImplementationOptions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.margindesk.domain.Assessment;
import org.margindesk.domain.CallStatus;
import org.margindesk.workflow.messages.commands.CallInput;
import org.margindesk.workflow.messages.queries.CallState;
import org.margindesk.workflow.messages.queries.StateQuery;
import org.margindesk.workflow.messages.values.CallOutcome;

/**
 * A call's local activities (the opening's, and since {@link CallEffects#EFFECTS_LOCAL_FIRST} every
 * later effect's) retry for a bounded time ({@link LifecycleActivityOptions#LOCAL_RETRY_BUDGET}),
 * then hand the effect to an ordinary activity that the server retries until it happens. The budget
 * is cut to 300 ms here: a local activity's schedule-to-close runs on the worker's wall clock,
 * which the test server's time skipping does not reach; the ordinary activity's retries then take
 * an hour of skipped time.
 */
class LocalRetryBudgetWorkflowTest {
  private static final LocalActivityOptions SHORT_BUDGET =
      LocalActivityOptions.newBuilder().setScheduleToCloseTimeout(Duration.ofMillis(300)).build();

  @RegisterExtension
  static final TestWorkflowExtension temporal =
      WorkflowTestBed.extension(
          WorkflowImplementationOptions.newBuilder()
              .setLocalActivityOptions(
                  Map.of(
                      "Restrict", SHORT_BUDGET,
                      "RecordOpened", SHORT_BUDGET,
                      "RecordOpening", SHORT_BUDGET))
              .build());

  private WorkflowTestBed bed;
  private TestWorkflowEnvironment env;
  private RecordingActivities activities;

  @BeforeEach
  void setUp(TestWorkflowEnvironment testEnv, Worker worker, WorkflowOptions options) {
    bed = new WorkflowTestBed(testEnv, worker, options);
    env = bed.env;
    activities = bed.activities;
  }

  @Test
  void givenTheExchangeDownPastTheLocalBudget_whenItAnswersAgain_thenTheServerRetriedItToTheEnd() {
    CallInput input =
        input("acc-long-outage", Assessment.MARGIN_CALL, env.currentTimeMillis(), allAutomatic());
    String reduceOnly = input.callId() + ":open:reduce-only-on";
    activities.unavailable(reduceOnly, 25);
    MarginCallWorkflow workflow = bed.start(input);

    env.sleep(Duration.ofHours(1));
    CallState state = workflow.state(new StateQuery());

    assertThat(activities.whats()).contains("gateway:REDUCE_ONLY=true");
    assertThat(activities.calls(reduceOnly)).isEqualTo(26);
    assertThat(activities.localCalls(reduceOnly))
        .as("tried locally first, then by the server")
        .isBetween(1, 25);
    assertThat(state.status()).isEqualTo(CallStatus.OPEN);
  }

  @Test
  void givenTheReadModelDownPastTheLocalBudget_whenItIsBack_thenTheCallOpensAndRestricts() {
    CallInput input =
        input(
            "acc-read-model-down", Assessment.MARGIN_CALL, env.currentTimeMillis(), allAutomatic());
    String row = input.callId() + ":row";
    activities.unavailable(row, 25);
    MarginCallWorkflow workflow = bed.start(input);

    env.sleep(Duration.ofHours(1));
    CallState state = workflow.state(new StateQuery());

    assertThat(activities.whats())
        .contains("record:OPEN", "gateway:REDUCE_ONLY=true", "gateway:WITHDRAWALS=false");
    assertThat(activities.calls(row)).isEqualTo(26);
    assertThat(activities.localCalls(row)).isBetween(1, 25);
    assertThat(state.status()).isEqualTo(CallStatus.OPEN);
  }

  @Test
  void givenTheExchangeDownPastTheLocalBudgetInLiquidation_whenItIsBack_thenTheServerDidTheStep() {
    CallInput input =
        input(
            "acc-liquidation-outage",
            Assessment.LIQUIDATION,
            env.currentTimeMillis(),
            allAutomatic());
    String tradingOff = input.callId() + ":liquidation:disable-trading-and-withdrawals:trading-off";
    activities.unavailable(tradingOff, 25);
    bed.start(input);

    CallOutcome outcome = bed.result(input);

    assertThat(outcome.status()).isEqualTo(CallStatus.LIQUIDATED);
    assertThat(activities.calls(tradingOff)).isEqualTo(26);
    assertThat(activities.localCalls(tradingOff))
        .as("tried locally first, then by the server")
        .isBetween(1, 25);
    assertThat(activities.ranAsOrdinaryActivities()).containsExactly("gateway:TRADING=false");
  }

  @Test
  void givenARefusalAtOpen_whenTheLocalActivityIsRefused_thenItIsNotHandedToTheServer() {
    // A refusal is not a spent budget: it becomes an operator task, as before.
    CallInput input =
        input("acc-refused-local", Assessment.MARGIN_CALL, env.currentTimeMillis(), allAutomatic());
    String reduceOnly = input.callId() + ":open:reduce-only-on";
    activities.refuse(reduceOnly, 1);
    MarginCallWorkflow workflow = bed.start(input);

    CallState state = bed.settledState(workflow);

    assertThat(activities.calls(reduceOnly)).isEqualTo(1);
    assertThat(activities.localCalls(reduceOnly)).isEqualTo(1);
    assertThat(activities.taskOpened(input.callId() + ":exchange-refused:open:reduce-only-on:1"))
        .isNotNull();
    assertThat(state.status()).isEqualTo(CallStatus.OPEN);
  }
}
