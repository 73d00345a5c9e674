package org.margindesk.api.contract;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Body;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.Response;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OpenAPI document of a running test instance, as a validator of HTTP exchanges. Built once per
 * instance (a test profile starts another one, on another port) from its live {@code /q/openapi},
 * so the tests hold the API to the document it actually serves.
 *
 * <p>Which exchanges are held to it, and how, is {@link #check}'s rule: only {@code /api/v1} (the
 * console and {@code /q/*} are not in the document); a response is always validated; a request only
 * when the service accepted it, because negative tests send invalid requests on purpose and the
 * service's 4xx is then the answer under test. Every violation is appended to {@link #LOG}, so a
 * whole run can be counted.
 */
public final class OpenApiContract {
  /**
   * {@code fail} (the default) fails the test at the first violating exchange; {@code report} only
   * logs.
   */
  public static final String MODE_PROPERTY = "openapi-contract";

  public static final Path LOG = Path.of("target", "openapi-contract", "violations.txt");

  private static final String LOG_STARTED = MODE_PROPERTY + ".log-started";
  private static final String API = "/api/v1/";
  private static final Pattern ITEM = Pattern.compile("/items/(\\d+)(/.*)?");
  private static final Map<String, OpenApiInteractionValidator> VALIDATORS =
      new ConcurrentHashMap<>();

  private OpenApiContract() {}

  /** The violations of one exchange with the instance at {@code origin}; empty when it holds. */
  public static List<String> check(String origin, Request request, Response response) {
    if (!request.getPath().startsWith(API)) {
      return List.of();
    }
    ValidationReport report = validator(origin).validate(request, response);
    boolean refused = response.getStatus() >= 400 && response.getStatus() < 500;
    boolean bodiless = request.getBody().map(String::isEmpty).orElse(true);
    Set<Integer> refusedItems = refusedBatchItems(response);
    List<String> violations =
        report.getMessages().stream()
            .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
            .filter(m -> !(refused && m.getKey().startsWith("validation.request.")))
            // REST Assured names a form Content-Type on a POST it sends without a body.
            .filter(m -> !(bodiless && m.getKey().startsWith("validation.request.contentType")))
            .filter(m -> !refusedItems.contains(requestItem(m)))
            .map(m -> describe(request, response, m))
            .toList();
    log(violations);
    return violations;
  }

  /**
   * The batch endpoints judge each item on its own and answer a refused one with its own 4xx inside
   * a 200: for those items, as for a refused request, only the answer is held to the document.
   */
  private static Set<Integer> refusedBatchItems(Response response) {
    Set<Integer> refused = new HashSet<>();
    try {
      Optional<Body> answer = response.getResponseBody().filter(Body::hasBody);
      JsonNode body = answer.isPresent() ? answer.get().toJsonNode() : null;
      if (body != null && body.path("items").isArray()) {
        body.path("items")
            .forEach(
                item -> {
                  if (item.path("status").asInt(0) >= 400 && item.has("index")) {
                    refused.add(item.path("index").asInt());
                  }
                });
      }
    } catch (IOException | RuntimeException e) {
      return Set.of();
    }
    return refused;
  }

  /** The batch item a request message points into, or -1. */
  private static int requestItem(ValidationReport.Message message) {
    if (!message.getKey().startsWith("validation.request.body")) {
      return -1;
    }
    Matcher item =
        ITEM.matcher(
            message
                .getContext()
                .flatMap(ValidationReport.MessageContext::getPointers)
                .map(ValidationReport.MessageContext.Pointers::getInstance)
                .orElse(""));
    return item.matches() ? Integer.parseInt(item.group(1)) : -1;
  }

  public static boolean failsTests() {
    return !"report".equals(System.getProperty(MODE_PROPERTY, "fail"));
  }

  /** The live document of the instance at {@code origin}, as a validator. */
  public static OpenApiInteractionValidator validator(String origin) {
    return VALIDATORS.computeIfAbsent(
        origin,
        o -> {
          String document = document(o);
          keep(o, document);
          return OpenApiInteractionValidator.createForInlineApiSpecification(document).build();
        });
  }

  /** Fetched without REST Assured, so the contract's own request does not pass its filter. */
  public static String document(String origin) {
    HttpRequest get = HttpRequest.newBuilder(URI.create(origin + "/q/openapi?format=json")).build();
    try {
      HttpResponse<String> answer =
          HttpClient.newHttpClient().send(get, HttpResponse.BodyHandlers.ofString());
      if (answer.statusCode() != 200) {
        throw new IllegalStateException("/q/openapi answered " + answer.statusCode());
      }
      return answer.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The document each instance served, beside the log, for reading a violation against it. */
  private static void keep(String origin, String document) {
    try {
      Files.createDirectories(LOG.getParent());
      String port = origin.substring(origin.lastIndexOf(':') + 1);
      Files.writeString(LOG.resolveSibling("openapi-" + port + ".json"), document);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String describe(
      Request request, Response response, ValidationReport.Message message) {
    String pointer =
        message
            .getContext()
            .flatMap(ValidationReport.MessageContext::getPointers)
            .map(p -> " at " + p.getInstance())
            .orElse("");
    return request.getMethod()
        + " "
        + request.getPath()
        + " "
        + response.getStatus()
        + " | "
        + message.getKey()
        + pointer
        + " | "
        + message.getMessage().replace('\n', ' ');
  }

  /** One log per test JVM: emptied by the first violation of the run, whichever class loader. */
  private static synchronized void log(List<String> violations) {
    if (violations.isEmpty()) {
      return;
    }
    try {
      Files.createDirectories(LOG.getParent());
      if (System.getProperty(LOG_STARTED) == null) {
        System.setProperty(LOG_STARTED, "true");
        Files.deleteIfExists(LOG);
      }
      Files.write(
          LOG,
          violations,
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
