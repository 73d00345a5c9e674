package org.margindesk.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks the deployment files under {@code deploy/} against each other and against the code, so a
 * renamed configuration key, a typo in an environment variable, a probe on the wrong path or a
 * selector that matches nothing fails the build instead of a rollout. Jackson's YAML module comes
 * with quarkus-smallrye-openapi. No Quarkus boot.
 */
class DeploymentManifestsTest {
  private static final Path DEPLOY = Path.of("deploy");
  private static final Path K8S = DEPLOY.resolve("k8s");
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final Set<String> EXAMPLES = Set.of("secret.example.yaml");

  /** Keys production needs beyond the ones it refuses to start without. */
  private static final List<String> COMMONLY_NEEDED =
      List.of(
          "margin-desk.role",
          "margin-desk.security.bearer.issuer",
          "margin-desk.security.bearer.audience");

  private static final String ROLE_ENV = RequiredProductionSettings.envName("margin-desk.role");
  private static final String GRACE_KEY = "margin-desk.temporal.shutdown-grace-period";

  private record Manifest(Path file, JsonNode node) {
    String kind() {
      return node.path("kind").asText();
    }

    String name() {
      return node.path("metadata").path("name").asText();
    }
  }

  private static Map<Path, List<JsonNode>> documents;
  private static List<Manifest> k8s;
  private static JsonNode compose;

  @BeforeAll
  static void parseEverything() throws IOException {
    documents = new LinkedHashMap<>();
    try (Stream<Path> files = Files.walk(DEPLOY)) {
      for (Path file :
          files
              .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
              .sorted()
              .toList()) {
        documents.put(file, parse(file));
      }
    }
    k8s = new ArrayList<>();
    documents.forEach(
        (file, docs) -> {
          if (file.startsWith(K8S)) {
            docs.forEach(doc -> k8s.add(new Manifest(file, doc)));
          }
        });
    compose = documents.get(DEPLOY.resolve("docker-compose.yml")).get(0);
  }

  @Test
  void givenTheDeployFolder_whenEveryYamlFileIsParsed_thenEachHoldsAtLeastOneDocument() {
    assertThat(documents.keySet())
        .contains(
            DEPLOY.resolve("docker-compose.yml"),
            K8S.resolve("configmap.yaml"),
            K8S.resolve("secret.example.yaml"),
            K8S.resolve("deployment-api.yaml"),
            K8S.resolve("deployment-worker.yaml"),
            K8S.resolve("service.yaml"),
            K8S.resolve("pdb.yaml"),
            K8S.resolve("hpa-worker.yaml"));
    documents.forEach((file, docs) -> assertThat(docs).as(file.toString()).isNotEmpty());
    assertThat(documents.get(K8S.resolve("pdb.yaml"))).hasSize(2);
  }

  @Test
  void givenEachKubernetesObject_whenRead_thenItHasApiVersionKindAndName() {
    for (Manifest m : k8s) {
      if (m.kind().equals("Kustomization")) {
        continue;
      }
      assertThat(m.node().path("apiVersion").asText()).as(m.file() + " apiVersion").isNotBlank();
      assertThat(m.kind()).as(m.file() + " kind").isNotBlank();
      assertThat(m.name()).as(m.file() + " metadata.name").isNotBlank();
    }
  }

  @Test
  void givenTheKustomization_whenRead_thenItAppliesEveryManifestButTheExampleSecret()
      throws IOException {
    Manifest kustomization = only("Kustomization");
    Set<String> listed = new TreeSet<>();
    kustomization.node().path("resources").forEach(r -> listed.add(r.asText()));
    Set<String> expected;
    try (Stream<Path> files = Files.list(K8S)) {
      expected =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml"))
              .filter(n -> !EXAMPLES.contains(n))
              .collect(Collectors.toCollection(TreeSet::new));
    }
    assertThat(listed).isEqualTo(expected);
  }

  @Test
  void givenTheDeployments_whenRead_thenEachHasHealthProbesRunsAsNonRootAndItsRole() {
    Map<String, String> roles = new HashMap<>();
    for (Manifest d : kinds("Deployment")) {
      JsonNode pod = d.node().path("spec").path("template").path("spec");
      JsonNode container = onlyContainer(d);
      assertThat(container.path("readinessProbe").path("httpGet").path("path").asText())
          .as(d.name() + " readiness")
          .isEqualTo("/q/health/ready");
      assertThat(container.path("livenessProbe").path("httpGet").path("path").asText())
          .as(d.name() + " liveness")
          .isEqualTo("/q/health/live");
      assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean())
          .as(d.name() + " runAsNonRoot")
          .isTrue();
      assertThat(pod.path("securityContext").path("runAsUser").asInt())
          .as(d.name() + " runAsUser is the image's USER")
          .isEqualTo(dockerfileUid());
      assertThat(labels(d.node().path("spec").path("selector").path("matchLabels")))
          .as(d.name() + " selector matches its own pods")
          .isSubsetOf(podLabels(d).entrySet());
      assertThat(container.path("resources").path("requests").path("cpu").asText()).isNotBlank();
      assertThat(container.path("resources").path("limits").path("memory").asText()).isNotBlank();
      String role = environment(d).get(ROLE_ENV);
      assertThat(InstanceRole.valueOf(role.toUpperCase(Locale.ROOT))).isNotNull();
      roles.put(d.name(), role);
    }
    assertThat(roles)
        .containsOnly(
            Map.entry("margin-desk-api", "api"), Map.entry("margin-desk-worker", "worker"));
    assertThat(deployment("margin-desk-api").node().path("spec").path("replicas").asInt())
        .isEqualTo(2);
  }

  @Test
  void givenEachDeployment_whenItStops_thenKubernetesWaitsLongerThanTheWorkersDrain() {
    for (Manifest d : kinds("Deployment")) {
      Duration drain = shutdownGracePeriod(environment(d));
      long terminationGrace =
          d.node()
              .path("spec")
              .path("template")
              .path("spec")
              .path("terminationGracePeriodSeconds")
              .asLong();
      assertThat(terminationGrace).as(d.name()).isGreaterThan(drain.toSeconds());
    }
    JsonNode app = compose.path("services").path("margin-desk");
    Duration composeDrain = shutdownGracePeriod(composeEnvironment(app));
    assertThat(parseComposeDuration(app.path("stop_grace_period").asText()))
        .isGreaterThan(composeDrain);
  }

  @Test
  void givenTheWorkerAutoscaler_whenRead_thenItScalesTheWorkerDeploymentOnCpu() {
    Manifest hpa = only("HorizontalPodAutoscaler");
    assertThat(hpa.node().path("apiVersion").asText()).isEqualTo("autoscaling/v2");
    JsonNode target = hpa.node().path("spec").path("scaleTargetRef");
    assertThat(target.path("kind").asText()).isEqualTo("Deployment");
    Manifest worker = deployment(target.path("name").asText());
    assertThat(environment(worker).get(ROLE_ENV)).isEqualTo("worker");
    assertThat(worker.node().path("spec").has("replicas"))
        .as("the HPA owns the worker replica count")
        .isFalse();
    JsonNode metric = hpa.node().path("spec").path("metrics").get(0);
    assertThat(metric.path("resource").path("name").asText()).isEqualTo("cpu");
    // Utilisation is relative to the request, so the target must declare one.
    assertThat(onlyContainer(worker).path("resources").path("requests").path("cpu").asText())
        .isNotBlank();
  }

  @Test
  void givenTheDisruptionBudgets_whenRead_thenEachSelectsTheLabelsOfExactlyOneDeployment() {
    List<Manifest> budgets = kinds("PodDisruptionBudget");
    assertThat(budgets).hasSize(2);
    Set<String> covered = new TreeSet<>();
    for (Manifest pdb : budgets) {
      Set<Map.Entry<String, String>> selector =
          labels(pdb.node().path("spec").path("selector").path("matchLabels"));
      assertThat(selector).as(pdb.name()).isNotEmpty();
      List<String> matched =
          kinds("Deployment").stream()
              .filter(d -> podLabels(d).entrySet().containsAll(selector))
              .map(Manifest::name)
              .toList();
      assertThat(matched).as(pdb.name() + " selects").hasSize(1);
      covered.addAll(matched);
    }
    assertThat(covered).containsExactly("margin-desk-api", "margin-desk-worker");
  }

  @Test
  void givenTheService_whenRead_thenItRoutesToApiPodsOnlyOnTheirHttpPort() {
    Manifest service = only("Service");
    Set<Map.Entry<String, String>> selector = labels(service.node().path("spec").path("selector"));
    assertThat(podLabels(deployment("margin-desk-api")).entrySet()).containsAll(selector);
    assertThat(podLabels(deployment("margin-desk-worker")).entrySet().containsAll(selector))
        .as("workers answer 404 on /api and must not receive API traffic")
        .isFalse();
    String targetPort =
        service.node().path("spec").path("ports").get(0).path("targetPort").asText();
    List<String> portNames = new ArrayList<>();
    onlyContainer(deployment("margin-desk-api"))
        .path("ports")
        .forEach(p -> portNames.add(p.path("name").asText()));
    assertThat(portNames).contains(targetPort);
  }

  @Test
  void givenTheSecretReferences_whenResolved_thenEachNamesAKeyOfTheDocumentedSecret() {
    Manifest secret = only("Secret");
    assertThat(secret.file().getFileName().toString()).isEqualTo("secret.example.yaml");
    Set<String> keys = new TreeSet<>();
    secret.node().path("stringData").fieldNames().forEachRemaining(keys::add);
    int references = 0;
    for (Manifest d : kinds("Deployment")) {
      for (JsonNode env : onlyContainer(d).path("env")) {
        JsonNode ref = env.path("valueFrom").path("secretKeyRef");
        if (!ref.isMissingNode()) {
          references++;
          assertThat(ref.path("name").asText()).isEqualTo(secret.name());
          assertThat(keys).as(env.path("name").asText()).contains(ref.path("key").asText());
        }
      }
    }
    assertThat(references).isPositive();
    // The example must not carry anything that looks like a usable password.
    secret
        .node()
        .path("stringData")
        .forEach(v -> assertThat(v.asText()).startsWith("EXAMPLE-ONLY"));
  }

  @Test
  void givenTheSettingsProductionNeeds_whenComposeAndKubernetesAreRead_thenEachIsWired() {
    Set<String> known = knownConfigKeys();
    List<String> needed = new ArrayList<>(RequiredProductionSettings.KEYS);
    needed.addAll(COMMONLY_NEEDED);
    assertThat(known).as("keys production needs are real keys").containsAll(needed);
    List<String> envNames = needed.stream().map(RequiredProductionSettings::envName).toList();

    for (Manifest d : kinds("Deployment")) {
      assertThat(environment(d).keySet()).as(d.name()).containsAll(envNames);
    }
    assertThat(composeEnvironment(compose.path("services").path("margin-desk")).keySet())
        .as("compose margin-desk")
        .containsAll(envNames);
  }

  @Test
  void givenEveryMarginDeskAndQuarkusVariable_whenChecked_thenItSetsARealConfigurationKey() {
    Set<String> knownEnv =
        knownConfigKeys().stream()
            .map(RequiredProductionSettings::envName)
            .collect(Collectors.toSet());
    List<String> set = new ArrayList<>();
    compose.path("services").forEach(service -> set.addAll(composeEnvironment(service).keySet()));
    kinds("ConfigMap").forEach(c -> c.node().path("data").fieldNames().forEachRemaining(set::add));
    kinds("Deployment")
        .forEach(d -> onlyContainer(d).path("env").forEach(e -> set.add(e.path("name").asText())));

    List<String> ours =
        set.stream().filter(n -> n.startsWith("MARGIN_DESK_") || n.startsWith("QUARKUS_")).toList();
    assertThat(ours).isNotEmpty();
    assertThat(ours).allSatisfy(name -> assertThat(knownEnv).as(name).contains(name));
  }

  @Test
  void givenCompose_whenRead_thenPasswordsAreRequiredVariablesAndStartupWaitsForHealthyServices() {
    Pattern required = Pattern.compile("\\$\\{[A-Z_]+:\\?[^}]*}");
    compose
        .path("services")
        .fields()
        .forEachRemaining(
            service ->
                composeEnvironment(service.getValue())
                    .forEach(
                        (name, value) -> {
                          if (name.contains("PASSWORD") || name.endsWith("_PWD")) {
                            assertThat(value).as(service.getKey() + " " + name).matches(required);
                          }
                        }));
    JsonNode app = compose.path("services").path("margin-desk");
    for (String dependency : List.of("postgres", "temporal")) {
      assertThat(app.path("depends_on").path(dependency).path("condition").asText())
          .isEqualTo("service_healthy");
      assertThat(compose.path("services").path(dependency).path("healthcheck").path("test"))
          .as(dependency + " healthcheck")
          .isNotEmpty();
    }
    assertThat(compose.path("services").path("postgres").path("image").asText())
        .startsWith("postgres:16");
    JsonNode temporal = compose.path("services").path("temporal");
    assertThat(temporal.path("image").asText()).startsWith("temporalio/auto-setup:");
    assertThat(composeEnvironment(temporal)).containsEntry("DB", "postgres12");
    assertThat(composeEnvironment(temporal).get("DEFAULT_NAMESPACE"))
        .isEqualTo(composeEnvironment(app).get("MARGIN_DESK_TEMPORAL_NAMESPACE"));
    assertThat(compose.path("services").path("temporal-ui").path("image").asText())
        .startsWith("temporalio/ui:");
    assertThat(InstanceRole.valueOf(composeEnvironment(app).get(ROLE_ENV).toUpperCase(Locale.ROOT)))
        .isEqualTo(InstanceRole.ALL);
    assertThat(composeEnvironment(app)).containsEntry("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "true");

    JsonNode build = app.path("build");
    Path context = DEPLOY.resolve(build.path("context").asText()).normalize();
    assertThat(context.resolve(build.path("dockerfile").asText()).normalize())
        .isEqualTo(DEPLOY.resolve("Dockerfile").normalize());
  }

  @Test
  void givenTheDockerfile_whenRead_thenItCopiesTheFastJarRunsAsNonRootAndChecksReadiness()
      throws IOException {
    List<String> lines = dockerfileInstructions();
    assertThat(dockerfileUid()).isPositive();
    assertThat(lines)
        .anySatisfy(l -> assertThat(l).startsWith("HEALTHCHECK").contains("/q/health/ready"));
    assertThat(lines).contains("EXPOSE 8080");
    List<String> copies = lines.stream().filter(l -> l.startsWith("COPY")).toList();
    for (String part :
        List.of(
            "target/quarkus-app/lib/",
            "target/quarkus-app/*.jar",
            "target/quarkus-app/app/",
            "target/quarkus-app/quarkus/")) {
      assertThat(copies).anySatisfy(c -> assertThat(c).contains(" " + part + " "));
    }
    assertThat(copies).allSatisfy(c -> assertThat(c).contains("--chown=" + dockerfileUid() + ":"));
    assertThat(lines)
        .anySatisfy(l -> assertThat(l).startsWith("ENTRYPOINT").contains("quarkus-run.jar"));
    // The USER line must come after everything that needs root.
    int user = indexOf(lines, "USER ");
    assertThat(lines.subList(user, lines.size())).noneMatch(l -> l.startsWith("RUN "));
  }

  // ---------------------------------------------------------------------------------------------

  private static List<JsonNode> parse(Path file) throws IOException {
    List<JsonNode> docs = new ArrayList<>();
    try (Reader reader = Files.newBufferedReader(file);
        MappingIterator<JsonNode> it =
            YAML.readValues(YAML.getFactory().createParser(reader), JsonNode.class)) {
      while (it.hasNextValue()) {
        JsonNode doc = it.nextValue();
        if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
          docs.add(doc);
        }
      }
    }
    return docs;
  }

  private static List<Manifest> kinds(String kind) {
    return k8s.stream().filter(m -> m.kind().equals(kind)).toList();
  }

  private static Manifest only(String kind) {
    List<Manifest> found = kinds(kind);
    assertThat(found).as(kind).hasSize(1);
    return found.get(0);
  }

  private static Manifest deployment(String name) {
    return kinds("Deployment").stream()
        .filter(d -> d.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no Deployment named " + name));
  }

  private static JsonNode onlyContainer(Manifest deployment) {
    JsonNode containers =
        deployment.node().path("spec").path("template").path("spec").path("containers");
    assertThat(containers.size()).as(deployment.name() + " containers").isEqualTo(1);
    return containers.get(0);
  }

  private static Map<String, String> podLabels(Manifest deployment) {
    Map<String, String> labels = new HashMap<>();
    deployment
        .node()
        .path("spec")
        .path("template")
        .path("metadata")
        .path("labels")
        .fields()
        .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
    return labels;
  }

  private static Set<Map.Entry<String, String>> labels(JsonNode node) {
    Map<String, String> labels = new HashMap<>();
    node.fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
    return labels.entrySet();
  }

  /** The container's environment as Kubernetes builds it: envFrom ConfigMaps, then env. */
  private static Map<String, String> environment(Manifest deployment) {
    JsonNode container = onlyContainer(deployment);
    Map<String, String> env = new HashMap<>();
    for (JsonNode from : container.path("envFrom")) {
      String name = from.path("configMapRef").path("name").asText();
      Manifest map =
          kinds("ConfigMap").stream()
              .filter(c -> c.name().equals(name))
              .findFirst()
              .orElseThrow(() -> new AssertionError(deployment.name() + ": no ConfigMap " + name));
      map.node()
          .path("data")
          .fields()
          .forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
    }
    for (JsonNode e : container.path("env")) {
      env.put(e.path("name").asText(), e.has("value") ? e.path("value").asText() : "<from ref>");
    }
    return env;
  }

  private static Map<String, String> composeEnvironment(JsonNode service) {
    Map<String, String> env = new LinkedHashMap<>();
    JsonNode environment = service.path("environment");
    if (environment.isArray()) {
      environment.forEach(
          item -> {
            String[] pair = item.asText().split("=", 2);
            env.put(pair[0], pair.length > 1 ? pair[1] : "");
          });
    } else {
      environment.fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
    }
    return env;
  }

  private static Duration shutdownGracePeriod(Map<String, String> env) {
    String value = env.get(RequiredProductionSettings.envName(GRACE_KEY));
    return Duration.parse(value != null ? value : defaultShutdownGracePeriod());
  }

  private static String defaultShutdownGracePeriod() {
    try {
      return MarginDeskConfig.Temporal.class
          .getMethod("shutdownGracePeriod")
          .getAnnotation(WithDefault.class)
          .value();
    } catch (NoSuchMethodException e) {
      throw new AssertionError("MarginDeskConfig.Temporal#shutdownGracePeriod is gone", e);
    }
  }

  private static Duration parseComposeDuration(String value) {
    Matcher m = Pattern.compile("(\\d+)(ms|s|m|h)").matcher(value);
    assertThat(m.matches()).as("compose duration " + value).isTrue();
    long amount = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      default -> Duration.ofHours(amount);
    };
  }

  /**
   * Every key the application reads: the {@code margin-desk.*} mapping, walked by reflection the
   * way SmallRye names it (kebab case), plus the Quarkus keys this project configures.
   */
  /**
   * quarkus-mailer's SMTP settings: real keys of an extension we use, set only in production (the
   * mailer runs in mock mode everywhere else), so they appear in no application.properties line.
   */
  private static final List<String> DEPLOY_ONLY_QUARKUS_KEYS =
      List.of(
          "quarkus.mailer.host",
          "quarkus.mailer.port",
          "quarkus.mailer.username",
          "quarkus.mailer.password",
          "quarkus.mailer.start-tls");

  static Set<String> knownConfigKeys() {
    Set<String> keys = new TreeSet<>();
    collectMappingKeys(MarginDeskConfig.class, "margin-desk", keys);
    keys.addAll(RequiredProductionSettings.KEYS);
    keys.addAll(DEPLOY_ONLY_QUARKUS_KEYS);
    Properties properties = new Properties();
    try (Reader reader =
        Files.newBufferedReader(Path.of("src/main/resources/application.properties"))) {
      properties.load(reader);
    } catch (IOException e) {
      throw new AssertionError("cannot read application.properties", e);
    }
    for (String key : properties.stringPropertyNames()) {
      String unprofiled = key.startsWith("%") ? key.substring(key.indexOf('.') + 1) : key;
      if (unprofiled.startsWith("quarkus.")) {
        keys.add(unprofiled);
      }
    }
    return keys;
  }

  private static void collectMappingKeys(Class<?> type, String prefix, Set<String> keys) {
    for (Method method : type.getMethods()) {
      if (method.isDefault()
          || Modifier.isStatic(method.getModifiers())
          || method.getParameterCount() > 0) {
        continue;
      }
      WithName withName = method.getAnnotation(WithName.class);
      String key = prefix + "." + (withName != null ? withName.value() : kebab(method.getName()));
      Class<?> returned = method.getReturnType();
      // A group is an interface of the mapping's own package (nested, or a file of its own).
      if (returned.isInterface() && returned.getPackage() == MarginDeskConfig.class.getPackage()) {
        collectMappingKeys(returned, key, keys);
      } else {
        keys.add(key);
      }
    }
  }

  private static String kebab(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
  }

  private static List<String> dockerfileInstructions() throws IOException {
    // Joins continuation lines so each instruction is one string; drops comments.
    List<String> instructions = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String raw : Files.readAllLines(DEPLOY.resolve("Dockerfile"))) {
      String line = raw.strip();
      if (line.startsWith("#") || (line.isEmpty() && current.isEmpty())) {
        continue;
      }
      if (line.endsWith("\\")) {
        current.append(line, 0, line.length() - 1).append(' ');
        continue;
      }
      current.append(line);
      instructions.add(current.toString().replaceAll("\\s+", " ").strip());
      current.setLength(0);
    }
    return instructions;
  }

  private static int dockerfileUid() {
    try {
      List<String> users =
          dockerfileInstructions().stream().filter(l -> l.startsWith("USER ")).toList();
      assertThat(users).as("USER instructions").hasSize(1);
      String uid = users.get(0).substring("USER ".length()).split(":")[0];
      assertThat(uid)
          .as("USER must be numeric so Kubernetes can verify runAsNonRoot")
          .matches("\\d+");
      return Integer.parseInt(uid);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static int indexOf(List<String> lines, String prefix) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(prefix)) {
        return i;
      }
    }
    throw new AssertionError("no " + prefix + "instruction");
  }
}
