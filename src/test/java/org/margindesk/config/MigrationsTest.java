package org.margindesk.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

@QuarkusTest
class MigrationsTest {
  @Inject AgroalDataSource dataSource;

  @Test
  void givenTheMigrationsFolder_whenTheServiceStarted_thenEveryMigrationIsApplied()
      throws SQLException, IOException {
    List<String> files;
    try (Stream<Path> paths = Files.list(Path.of("migrations"))) {
      files =
          paths
              .map(path -> path.getFileName().toString())
              .filter(name -> name.matches("V\\d+__.*\\.sql"))
              .map(name -> name.substring(1, name.indexOf("__")))
              .sorted()
              .toList();
    }
    List<String> applied = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        ResultSet rows =
            connection
                .createStatement()
                .executeQuery(
                    "SELECT version FROM flyway_schema_history WHERE success ORDER BY"
                        + " installed_rank")) {
      while (rows.next()) {
        applied.add(rows.getString(1));
      }
    }
    assertThat(files).isNotEmpty();
    assertThat(applied).containsExactlyInAnyOrderElementsOf(files);
  }

  @Test
  void givenTheBaseline_whenQueried_thenItsTableExists() throws SQLException {
    try (Connection connection = dataSource.getConnection();
        ResultSet rows =
            connection
                .createStatement()
                .executeQuery(
                    "SELECT count(*) FROM information_schema.tables WHERE table_name ="
                        + " 'service_instance'")) {
      rows.next();
      assertThat(rows.getInt(1)).isEqualTo(1);
    }
  }
}
