package org.margindesk.api;

import static io.restassured.RestAssured.given;

import io.agroal.api.AgroalDataSource;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/** Shared steps of the ingestion API tests: fresh accounts and row counts. */
final class IngestTestSupport {
  private IngestTestSupport() {}

  static String freshAccount() {
    return "acct-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static void registerFacility(String accountId, String alias, String amount, String asset) {
    given()
        .auth()
        .preemptive()
        .basic("supervisor", "supervisor")
        .contentType(ContentType.JSON)
        .body(
            "{\"marginPlusAmount\":\""
                + amount
                + "\",\"asset\":\""
                + asset
                + "\",\"exchangeAlias\":\""
                + alias
                + "\"}")
        .put("/api/v1/accounts/" + accountId + "/facility")
        .then()
        .statusCode(201);
  }

  static String snapshot(String eventId, String accountId, String asOf, String cab, String mmr) {
    StringBuilder body =
        new StringBuilder("{\"eventId\":\"")
            .append(eventId)
            .append("\",\"accountId\":\"")
            .append(accountId)
            .append("\",\"asOf\":\"")
            .append(asOf)
            .append('"');
    if (cab != null) {
      body.append(",\"collateralBalance\":\"").append(cab).append('"');
    }
    if (mmr != null) {
      body.append(",\"maintenanceMarginRatio\":\"").append(mmr).append('"');
    }
    return body.append('}').toString();
  }

  static ValidatableResponse post(String user, String path, String body) {
    return given()
        .auth()
        .preemptive()
        .basic(user, user)
        .contentType(ContentType.JSON)
        .body(body)
        .post(path)
        .then();
  }

  /**
   * Rows in the tables ingestion and facilities write; equal counts mean nothing was stored. Audit
   * rows by {@code system} are left out: margin-call workflows opened by other tests write them in
   * the background at any moment.
   */
  record Counts(long facilities, long risks, long snapshots, long audits) {}

  static Counts counts(AgroalDataSource dataSource) {
    return new Counts(
        count(dataSource, "facility"),
        count(dataSource, "account_risk"),
        count(dataSource, "risk_snapshot"),
        countWhere(dataSource, "SELECT count(*) FROM audit_record WHERE actor <> ?", "system"));
  }

  static long count(AgroalDataSource dataSource, String table) {
    try (Connection connection = dataSource.getConnection();
        ResultSet rows =
            connection.createStatement().executeQuery("SELECT count(*) FROM " + table)) {
      rows.next();
      return rows.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static long countWhere(AgroalDataSource dataSource, String sql, String parameter) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, parameter);
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Rows of {@code table} matching {@code where}, whose {@code ?} take {@code parameters}. */
  static long rowsWhere(
      AgroalDataSource dataSource, String table, String where, String... parameters) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement =
            connection.prepareStatement("SELECT count(*) FROM " + table + " WHERE " + where)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setString(i + 1, parameters[i]);
      }
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static String stringWhere(AgroalDataSource dataSource, String sql, String parameter) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, parameter);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() ? rows.getString(1) : null;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
