package org.margindesk.health;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Runs a query, so a reachable but broken database still reports DOWN. Its data also shows the
 * connections' plan cache mode, which should be {@code force_custom_plan} (docs/deployment.md): a
 * pooler that dropped the connection option without the role setting shows here.
 */
@Readiness
@ApplicationScoped
public class PostgresReadinessCheck implements HealthCheck {
  private final AgroalDataSource dataSource;

  PostgresReadinessCheck(AgroalDataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public HealthCheckResponse call() {
    var response = HealthCheckResponse.named("postgresql");
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.setQueryTimeout(3);
      try (ResultSet rows =
          statement.executeQuery(
              "SELECT current_setting('server_version'), (SELECT max(version::int) FROM"
                  + " flyway_schema_history WHERE success), (SELECT count(*) FROM service_instance),"
                  + " current_setting('plan_cache_mode')")) {
        rows.next();
        return response
            .up()
            .withData("serverVersion", rows.getString(1))
            .withData("schemaVersion", rows.getLong(2))
            .withData("instanceStarts", rows.getLong(3))
            .withData("planCacheMode", rows.getString(4))
            .build();
      }
    } catch (Exception e) {
      return response.down().withData("error", e.getMessage()).build();
    }
  }
}
