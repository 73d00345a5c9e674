package org.margindesk.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every console endpoint with the role it needs, called as each built-in user: refused below that
 * role (403), let through from it on, and sent to the login page without a login. Its rows must
 * equal the console's routes, so a new page or action cannot go without a role.
 */
@QuarkusTest
class ConsoleRoleMatrixTest {
  private static final List<String> USERS = List.of("feed", "viewer", "operator", "supervisor");
  private static final Map<String, Integer> RANK =
      Map.of("feed", 0, "viewer", 1, "operator", 2, "supervisor", 3);

  record Row(String method, String path, String role) {
    String route() {
      return method + " " + path.replaceAll("\\?.*", "");
    }
  }

  /** Unknown ids on purpose: a let-through request then answers 404 or 409, never 401 or 403. */
  private static final List<Row> ROWS =
      List.of(
          new Row("GET", "/console", "viewer"),
          new Row("GET", "/console/desk/rows", "viewer"),
          new Row("GET", "/console/calls/{callId}", "viewer"),
          new Row("POST", "/console/calls/{callId}/extend", "supervisor"),
          new Row("POST", "/console/calls/{callId}/escalate", "supervisor"),
          new Row("POST", "/console/calls/{callId}/waivers", "supervisor"),
          new Row("POST", "/console/calls/{callId}/waivers/{waiverId}/approve", "supervisor"),
          new Row("POST", "/console/calls/{callId}/waivers/{waiverId}/reject", "supervisor"),
          new Row("GET", "/console/tasks", "operator"),
          new Row("GET", "/console/tasks/{id}", "operator"),
          new Row("POST", "/console/tasks/{id}/claim", "operator"),
          new Row("POST", "/console/tasks/{id}/release", "operator"),
          new Row("POST", "/console/tasks/{id}/complete", "operator"),
          new Row("POST", "/console/tasks/{id}/approve", "supervisor"),
          new Row("POST", "/console/tasks/{id}/reject", "supervisor"),
          new Row("GET", "/console/accounts?id=nobody", "viewer"),
          new Row("GET", "/console/accounts/{accountId}", "viewer"),
          new Row("POST", "/console/accounts/{accountId}/what-if", "viewer"),
          new Row("GET", "/console/audit", "viewer"),
          new Row("GET", "/console/audit/export.csv", "viewer"),
          new Row("POST", "/console/audit/verification", "supervisor"),
          new Row("GET", "/console/notifications", "viewer"));

  @Test
  void givenEachUser_whenCallingEveryConsoleEndpoint_thenOnlyTheRoleAndAboveGetThrough() {
    for (String user : USERS) {
      String cookie = signIn(user);
      String token = token(cookie, user);
      for (Row row : ROWS) {
        int status = call(row, cookie, token).statusCode();
        String what = user + " " + row.method() + " " + row.path() + " answered " + status;
        if (RANK.get(user) < RANK.get(row.role())) {
          assertThat(status).as(what).isEqualTo(403);
        } else {
          assertThat(status).as(what).isNotIn(401, 403).isLessThan(500);
        }
      }
    }
  }

  @Test
  void givenNoLogin_whenCallingAConsolePage_thenItIsTheLoginPage() {
    for (Row row : ROWS) {
      Response response =
          given().redirects().follow(false).request(row.method(), concrete(row.path()));
      assertThat(response.statusCode()).as(row.route()).isEqualTo(302);
      assertThat(response.header("Location")).as(row.route()).endsWith("/console/login");
    }
    given().get("/console/login").then().statusCode(200);
  }

  @Test
  void givenTheConsoleResources_whenListed_thenEveryRouteHasARoleAndARow() throws IOException {
    Set<String> routes = new TreeSet<>();
    Set<String> unguarded = new TreeSet<>();
    for (Class<?> type : consoleResources()) {
      String base = type.getAnnotation(Path.class).value();
      for (Method method : type.getDeclaredMethods()) {
        String verb =
            method.isAnnotationPresent(GET.class)
                ? "GET"
                : method.isAnnotationPresent(POST.class) ? "POST" : null;
        if (verb == null) {
          continue;
        }
        Path sub = method.getAnnotation(Path.class);
        String route = verb + " " + base + (sub == null ? "" : "/" + sub.value());
        routes.add(route);
        if (!method.isAnnotationPresent(RolesAllowed.class)
            && !method.isAnnotationPresent(PermitAll.class)
            && !type.isAnnotationPresent(RolesAllowed.class)) {
          unguarded.add(route);
        }
      }
    }
    assertThat(unguarded).as("console routes without a role").isEmpty();
    Set<String> covered =
        ROWS.stream().map(Row::route).collect(Collectors.toCollection(TreeSet::new));
    covered.add("GET /console/login");
    covered.add("POST /console/logout");
    assertThat(routes).isEqualTo(covered);
  }

  private static Response call(Row row, String cookie, String token) {
    return given()
        .redirects()
        .follow(false)
        .cookie("margin-desk-console", cookie)
        .cookie(CsrfTokens.COOKIE, token == null ? "" : token)
        .header(CsrfTokens.HEADER, token == null ? "" : token)
        .contentType("application/x-www-form-urlencoded")
        .formParam("reason", "role matrix")
        .request(row.method(), concrete(row.path()));
  }

  private static String concrete(String path) {
    return path.replaceAll("\\{[^}]+}", "nobody-" + path.length());
  }

  static String signIn(String user) {
    return given()
        .redirects()
        .follow(false)
        .formParam("j_username", user)
        .formParam("j_password", user)
        .post("/j_security_check")
        .then()
        .statusCode(302)
        .extract()
        .cookie("margin-desk-console");
  }

  /** The anti-forgery token a page hands this user; feed sees no page and gets none. */
  static String token(String cookie, String user) {
    Response page = given().cookie("margin-desk-console", cookie).get("/console");
    if (page.statusCode() != 200) {
      assertThat(user).isEqualTo("feed");
      return null;
    }
    Matcher matcher = Pattern.compile("data-csrf=\"([^\"]+)\"").matcher(page.asString());
    assertThat(matcher.find()).isTrue();
    return matcher.group(1);
  }

  private static List<Class<?>> consoleResources() throws IOException {
    java.nio.file.Path classes =
        java.nio.file.Path.of("target", "classes", "org", "margindesk", "console");
    try (var files = Files.list(classes)) {
      return files
          .map(file -> file.getFileName().toString())
          .filter(name -> name.endsWith(".class") && !name.contains("$"))
          .<Class<?>>map(name -> load("org.margindesk.console." + name.replace(".class", "")))
          .filter(type -> type.isAnnotationPresent(Path.class))
          .toList();
    }
  }

  private static Class<?> load(String name) {
    try {
      return Class.forName(name);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }
}
