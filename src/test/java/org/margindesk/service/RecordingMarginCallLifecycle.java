package org.margindesk.service;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.margindesk.domain.Assessment;

/**
 * Stands in for the margin-call lifecycle in tests: records every change ingestion reports, opens a
 * call with a deterministic id ({@code <accountId>:<n>}) for any breach while none is open, and
 * closes it on HEALTHY. Ingestion tests assert the ingestion-to-lifecycle contract through it.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class RecordingMarginCallLifecycle implements MarginCallLifecycle {
  private final List<AssessmentChange> changes = new CopyOnWriteArrayList<>();
  private final Map<String, String> open = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> opened = new ConcurrentHashMap<>();

  @Override
  public Optional<String> onAssessmentChanged(AssessmentChange change) {
    changes.add(change);
    String accountId = change.accountId();
    if (change.current() == Assessment.HEALTHY) {
      open.remove(accountId);
      return Optional.empty();
    }
    return Optional.of(
        open.computeIfAbsent(
            accountId,
            id ->
                id
                    + ":"
                    + opened.computeIfAbsent(id, key -> new AtomicInteger()).incrementAndGet()));
  }

  @Override
  public Optional<String> openMarginCallId(String accountId) {
    return Optional.ofNullable(open.get(accountId));
  }

  public List<AssessmentChange> changesFor(String accountId) {
    return changes.stream().filter(change -> change.accountId().equals(accountId)).toList();
  }

  /** How many calls were opened for the account. */
  public int callsOpened(String accountId) {
    AtomicInteger count = opened.get(accountId);
    return count == null ? 0 : count.get();
  }
}
