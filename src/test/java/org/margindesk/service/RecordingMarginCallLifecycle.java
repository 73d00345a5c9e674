package org.margindesk.service;

import jakarta.annotation.Priority;
import jakarta.decorator.Decorator;
import jakarta.decorator.Delegate;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Wraps the real margin-call lifecycle in tests and records what ingestion reports to it, so
 * ingestion tests can assert the contract (one report per assessment change, none for repeats)
 * while the real workflows run behind it.
 */
@Decorator
@Priority(1)
public abstract class RecordingMarginCallLifecycle implements MarginCallLifecycle {
  private static final List<AssessmentChange> CHANGES = new CopyOnWriteArrayList<>();
  private static final Map<String, Set<String>> CALLS = new ConcurrentHashMap<>();

  @Inject @Delegate MarginCallLifecycle delegate;

  @Override
  public Openings open(List<CallToOpen> calls) {
    Openings openings = delegate.open(calls);
    for (int i = 0; i < calls.size(); i++) {
      AssessmentChange change = calls.get(i).change();
      CHANGES.add(change);
      String id = openings.calls().get(i).callId();
      if (id != null) {
        CALLS.computeIfAbsent(change.accountId(), k -> ConcurrentHashMap.newKeySet()).add(id);
      }
    }
    return openings;
  }

  @Override
  public void steer(List<Steering> steerings) {
    steerings.forEach(steering -> CHANGES.add(steering.change()));
    delegate.steer(steerings);
  }

  public static List<AssessmentChange> changesFor(String accountId) {
    return CHANGES.stream().filter(change -> change.accountId().equals(accountId)).toList();
  }

  /** How many distinct calls the lifecycle reported for the account. */
  public static int callsOpened(String accountId) {
    return CALLS.getOrDefault(accountId, Set.of()).size();
  }
}
