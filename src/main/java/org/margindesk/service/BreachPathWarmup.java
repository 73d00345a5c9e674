package org.margindesk.service;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.margindesk.audit.AuditRecord;
import org.margindesk.audit.StagedRecords;
import org.margindesk.config.MarginDeskConfig;
import org.margindesk.domain.Assessment;
import org.margindesk.domain.MarginPlusPolicy;
import org.margindesk.domain.PolicyEvaluation;
import org.margindesk.domain.Ratio;
import org.margindesk.gateway.RestrictionOrder;
import org.margindesk.gateway.RestrictionResult;
import org.margindesk.ingest.RiskSnapshot;
import org.margindesk.ingest.SnapshotSource;
import org.margindesk.pacing.IngestionPressure;
import org.margindesk.persistence.FacilityEntity;
import org.margindesk.workflow.messages.commands.CallInput;

/**
 * Runs the CPU-only part of opening margin calls on synthetic breaches once at start, on a
 * background thread: the policy, the history row, the call's input and its JSON (the call row's
 * columns, the workflow start's input), the opening restrictions' orders, and the audit records in
 * canonical form (the chainer hashes them later, off the breach's path). It touches no database,
 * exchange, workflow or metric, and keeps nothing.
 *
 * <p>Why: a market shock is usually the first time this code runs in bulk. Interpreted, and
 * compiled while it runs, a 2,000-breach shock's batches took about five times the CPU they take
 * once compiled (docs/performance-runs-from-l.md, run L), and all of that lies between the breaches
 * and their restriction. Running it beforehand has the JIT compile it while nothing is at stake. It
 * gives way to any request restricting breaches meanwhile.
 */
@ApplicationScoped
public class BreachPathWarmup {
  private static final Logger LOG = Logger.getLogger(BreachPathWarmup.class);
  private static final int BATCH = 250;
  private static final Actor FEED = new Actor("breach-path-warm-up", "feed");

  private final FacilityService facilities;
  private final CallInputs inputs;
  private final IngestionPressure pressure;
  private final Clock clock;
  private final int breaches;

  BreachPathWarmup(
      FacilityService facilities,
      CallInputs inputs,
      IngestionPressure pressure,
      Clock clock,
      MarginDeskConfig config) {
    this.facilities = facilities;
    this.inputs = inputs;
    this.pressure = pressure;
    this.clock = clock;
    this.breaches = Math.max(0, config.ingest().warmUpBreaches());
  }

  void onStart(@Observes StartupEvent event) {
    if (breaches == 0) {
      return;
    }
    Thread thread =
        new Thread(
            () -> {
              long started = System.nanoTime();
              try {
                int records = run(breaches);
                LOG.infof(
                    "Breach path warmed up: %d synthetic breaches, %d audit records prepared, in"
                        + " %d ms",
                    breaches, records, (System.nanoTime() - started) / 1_000_000);
              } catch (RuntimeException e) {
                // The same code opens real calls: a failure here is a defect to look at now.
                LOG.errorf(e, "The breach path's warm-up failed on synthetic breaches");
              }
            },
            "breach-path-warm-up");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Prepares {@code count} synthetic breaches in batches of 250, as ingestion does, and drops them.
   *
   * @return how many audit records were made ready to stage
   */
  int run(int count) {
    int records = 0;
    for (int from = 0; from < count; from += BATCH) {
      pressure.yieldUntil(pressure.restrictionsDeadlineFromNow());
      records += batch(from, Math.min(count, from + BATCH));
    }
    return records;
  }

  private int batch(int from, int to) {
    Instant now = clock.instant();
    List<AuditRecord> records = new ArrayList<>();
    List<String> json = new ArrayList<>();
    for (int i = from; i < to; i++) {
      FacilityEntity facility = facility(i);
      // Alternately a margin call (CAB below 125%) and an immediate liquidation (below 110%).
      BigDecimal cab = BigDecimal.valueOf(i % 2 == 0 ? 1_180_000 : 1_050_000, 2);
      Ratio mmr = Ratio.of(BigDecimal.valueOf(20 + i % 7));
      RiskSnapshot snapshot =
          new RiskSnapshot(
              SnapshotSource.NATIVE, "warm-up-" + i, null, now, cab, mmr, "{\"warmUp\":true}");
      PolicyEvaluation evaluation =
          MarginPlusPolicy.evaluate(
              facility.marginPlusAmount, facilities.effectivePolicy(facility), cab, mmr);
      List<ReasonView> reasons = SnapshotBatch.views(evaluation);
      String snapshotId =
          SnapshotBatch.row(
                  facility.accountId,
                  snapshot,
                  false,
                  evaluation,
                  reasons,
                  Assessment.HEALTHY,
                  now,
                  FEED)
              .id
              .toString();
      AssessmentChange change =
          new AssessmentChange(
              facility.accountId,
              Assessment.HEALTHY,
              evaluation,
              cab,
              mmr.rounded(),
              now,
              snapshotId);
      CallInput input = inputs.forNewCall(facility, change, 1, now);
      json.add(inputs.write(input.triggerReasons()));
      json.add(inputs.write(input.policy()));
      json.add(inputs.write(input.figures()));
      json.add(inputs.write(input.stepModes()));
      json.add(inputs.write(input));
      records.add(SnapshotBatch.changeRecord(change, snapshot, input.callId(), FEED));
      for (RestrictionOrder order :
          RestrictFirst.openingOrders(input.callId(), facility.accountId)) {
        records.add(
            RestrictFirst.record(input.callId(), RestrictionResult.done(order, done(order))));
      }
    }
    // The results are used, so none of the work above can be dropped as dead code.
    if (json.isEmpty()) {
      throw new IllegalStateException("no call input was written");
    }
    return StagedRecords.of(records, now).size();
  }

  private static FacilityEntity facility(int i) {
    FacilityEntity facility = new FacilityEntity();
    facility.accountId = "warm-up-" + i;
    facility.marginPlusAmount = BigDecimal.valueOf(10_000);
    facility.asset = "USDT";
    facility.status = FacilityEntity.ACTIVE;
    return facility;
  }

  /** What an exchange in this database answers to a restriction. */
  private static String done(RestrictionOrder order) {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("restriction", order.restriction().path());
    result.put("enabled", order.enabled());
    result.put("simulated", true);
    return FacilityService.json(result);
  }
}
