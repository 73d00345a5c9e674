package org.margindesk.audit;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import org.jboss.logging.Logger;

/**
 * Vacuums {@code audit_staged} once the chainer has deleted enough rows from it. Every record
 * passes through that table and is deleted seconds later, so in a shock it holds tens of thousands
 * of dead rows and few live ones, and autovacuum looks at it about once a minute. Each chain round
 * reads the table in order to find what to link: over a bloated table that read cost 10–100 ms of
 * PostgreSQL's time per round, for a handful of live rows, many rounds a second while workflows
 * open their calls (docs/performance-runs-from-l.md, run N).
 *
 * <p>Runs on the chainer's thread, with no transaction open (VACUUM cannot run inside one). It
 * never waits for a lock ({@code SKIP_LOCKED}: autovacuum may be on the table already) and never
 * takes the exclusive lock that shrinking the file would need ({@code TRUNCATE false}), so writers
 * staging records, the restrictions' transactions among them, are never held up by it. A database
 * role that may not vacuum the table gets a warning from PostgreSQL, not an error, which is logged
 * once; a failure is logged and the next round tries again.
 */
@ApplicationScoped
public class StagingVacuum {
  private static final Logger LOG = Logger.getLogger(StagingVacuum.class);

  /** Rows deleted from {@code audit_staged} between two vacuums of it. */
  static final int DELETED_BETWEEN_VACUUMS = 2000;

  private final AgroalDataSource dataSource;
  private int deletedSinceVacuum;
  private boolean skipReported;

  StagingVacuum(AgroalDataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Counts rows the chainer deleted, and vacuums the table once enough have been. Called by the one
   * chainer thread only, outside any transaction, after the deletions have committed.
   */
  synchronized void deleted(int rows) {
    deletedSinceVacuum += rows;
    if (deletedSinceVacuum < DELETED_BETWEEN_VACUUMS) {
      return;
    }
    deletedSinceVacuum = 0;
    try (Connection connection = dataSource.getConnection();
        Statement vacuum = connection.createStatement()) {
      vacuum.execute("VACUUM (SKIP_LOCKED, TRUNCATE false) audit_staged");
      reportSkipped(vacuum.getWarnings());
    } catch (SQLException e) {
      LOG.warnf(e, "Vacuuming audit_staged failed; autovacuum and the next round cover it");
    }
  }

  /**
   * PostgreSQL answers a vacuum it skips (a role without the right, autovacuum holding the table)
   * with a warning, not an error: said once in the log, so a missing right is visible
   * (docs/deployment.md says how to grant it).
   */
  private void reportSkipped(SQLWarning warning) {
    if (warning == null || skipReported) {
      return;
    }
    skipReported = true;
    LOG.warnf(
        "PostgreSQL skipped a vacuum of audit_staged: %s (logged once; a role without the right"
            + " to vacuum it leaves the chain rounds reading a growing table)",
        warning.getMessage());
  }
}
