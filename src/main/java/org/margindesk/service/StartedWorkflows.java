package org.margindesk.service;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.margindesk.config.MarginDeskConfig;
import org.margindesk.metrics.MarginDeskMetrics;
import org.margindesk.metrics.MarginDeskMetrics.WriteGroup;
import org.margindesk.persistence.GroupCommit;

/**
 * Once a call's workflow has started: its {@code workflow_start} outbox row goes, and a notice
 * committed before the workflow existed (it could not be delivered then) is read, in one statement.
 * Starts made at the same moment by the dispatch threads share that statement and its transaction
 * ({@link GroupCommit}): one transaction per start was a tenth of PostgreSQL's statements in a
 * 10,000-breach shock, each with its own commit. The statement runs on its own, in autocommit: a
 * JTA transaction and an ORM session around it cost the dispatch threads more CPU than the
 * statement did (a shock makes about a thousand groups).
 */
@ApplicationScoped
class StartedWorkflows {
  /**
   * One group at a time: a dispatch thread waits at most for the group before its own, and two
   * groups never delete the same rows at once (a start the sweeper repeats may be in both).
   */
  private static final int GROUPS_IN_FLIGHT = 1;

  private static final String CLEAR =
      "WITH started AS (DELETE FROM workflow_start WHERE call_id = ANY(?)) SELECT id,"
          + " CAST(pending_notice AS text) FROM margin_call WHERE id = ANY(?) AND pending_notice"
          + " IS NOT NULL";

  private final AgroalDataSource dataSource;
  private final GroupCommit<Boolean, String, Optional<String>> groups;

  StartedWorkflows(
      AgroalDataSource dataSource, MarginDeskConfig config, MarginDeskMetrics metrics) {
    this.dataSource = dataSource;
    // Every dispatch thread and the sweeper, each with one start at a time.
    int mostAtOnce = Math.max(1, config.workflowStarts().parallelism()) + 1;
    this.groups =
        new GroupCommit<>(
            (callIds, unused) -> clear(callIds),
            GROUPS_IN_FLIGHT,
            mostAtOnce,
            size -> metrics.writesGrouped(WriteGroup.WORKFLOW_STARTS_CLEARED, size));
  }

  /**
   * Clears the outbox row of a call whose workflow started, in its own transaction (shared with the
   * starts beside it). Nothing happens to a row already gone. Called outside any transaction (the
   * dispatch threads and the sweeper), so the statement commits on its own.
   *
   * @return the call's pending notice as JSON text, if one was waiting
   */
  Optional<String> started(String callId) {
    return groups.submit(Boolean.TRUE, callId);
  }

  private List<Optional<String>> clear(List<String> callIds) {
    Map<String, String> pending;
    try (Connection connection = dataSource.getConnection()) {
      pending = clear(connection, callIds);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Clearing the outbox rows of " + callIds.size() + " started workflows failed", e);
    }
    List<Optional<String>> answers = new ArrayList<>(callIds.size());
    callIds.forEach(callId -> answers.add(Optional.ofNullable(pending.get(callId))));
    return answers;
  }

  private static Map<String, String> clear(Connection connection, List<String> callIds)
      throws SQLException {
    Map<String, String> pending = new HashMap<>();
    Array ids = connection.createArrayOf("text", callIds.toArray());
    try (PreparedStatement statement = connection.prepareStatement(CLEAR)) {
      statement.setArray(1, ids);
      statement.setArray(2, ids);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          pending.put(rows.getString(1), rows.getString(2));
        }
      }
    } finally {
      ids.free();
    }
    return pending;
  }
}
