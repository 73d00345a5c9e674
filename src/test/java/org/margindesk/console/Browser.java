package org.margindesk.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium from the system's packages (Debian's {@code chromium} and {@code
 * chromium-driver}; .ci/run installs them), driven by Selenium with the driver named explicitly, so
 * Selenium Manager never looks for a browser or driver to download.
 */
final class Browser implements AutoCloseable {
  static final String CHROMIUM = "/usr/bin/chromium";
  static final String CHROMEDRIVER = "/usr/bin/chromedriver";
  static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
  private static final Duration WAIT = Duration.ofSeconds(40);

  /** The pom's axe-core.version. */
  private static final String AXE_VERSION = "4.6.3";

  private final ChromeDriver driver;
  private final Path profile;
  private final String base;

  Browser(URL base) {
    if (!Files.isExecutable(Path.of(CHROMIUM)) || !Files.isExecutable(Path.of(CHROMEDRIVER))) {
      throw new IllegalStateException(
          "the console's browser tests need Debian's chromium and chromium-driver: "
              + "apt-get install -y chromium chromium-driver");
    }
    try {
      profile = Files.createTempDirectory("margin-desk-chromium");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    // Without the background-networking flags Chromium dials out on its own and, where nothing
    // outside may be reached, stalls; a fresh profile keeps runs independent.
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(Path.of(CHROMEDRIVER).toFile())
            .usingAnyFreePort()
            .build();
    driver = new ChromeDriver(service, options);
    driver.manage().window().setSize(new Dimension(1280, 1300));
    this.base = base.toString().replaceAll("/$", "");
  }

  WebDriver driver() {
    return driver;
  }

  void open(String path) {
    driver.get(base + path);
  }

  /** Signs in through the console's login form, after forgetting whoever was signed in. */
  void signIn(String user) {
    open("/console/login");
    driver.manage().deleteAllCookies();
    open("/console/login");
    driver.findElement(By.id("j_username")).sendKeys(user);
    driver.findElement(By.id("j_password")).sendKeys(user);
    driver.findElement(By.id("sign-in")).click();
    until(ExpectedConditions.textToBe(By.id("whoami"), user));
  }

  <T> T until(Function<WebDriver, T> condition) {
    // The desk's rows are swapped in afresh every few seconds, so an element found a moment ago
    // may be gone: the wait looks again.
    return new WebDriverWait(driver, WAIT)
        .ignoring(StaleElementReferenceException.class)
        .until(condition);
  }

  WebElement find(By by) {
    return until(ExpectedConditions.visibilityOfElementLocated(by));
  }

  Object script(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  /** Opens the page again until {@code condition} holds: for changes made by workflows. */
  <T> T reloadUntil(String path, Function<WebDriver, T> condition) {
    return until(
        d -> {
          open(path);
          try {
            return condition.apply(d);
          } catch (RuntimeException e) {
            return null;
          }
        });
  }

  /**
   * The page's WCAG 2.0/2.1 A and AA violations as axe-core finds them (contrast, names, labels,
   * landmarks, ARIA use…), one line each with where they are; empty when there are none.
   */
  @SuppressWarnings("unchecked")
  List<String> accessibilityViolations() {
    script(axeSource());
    return (List<String>)
        ((JavascriptExecutor) driver)
            .executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                    + "axe.run(document, {runOnly: {type: 'tag', values:"
                    + " ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
                    + ".then(r => done(r.violations.map(v => v.id + ' (' + v.impact + '): '"
                    + " + v.help + ' at ' + v.nodes.slice(0, 5).map(n => n.target.join(' '))"
                    + ".join(' | '))))"
                    + ".catch(e => done(['axe-core failed: ' + e]));");
  }

  private static String axeSource() {
    try (InputStream in =
        Browser.class.getResourceAsStream(
            "/META-INF/resources/webjars/axe-core/" + AXE_VERSION + "/axe.min.js")) {
      if (in == null) {
        throw new IllegalStateException("axe-core " + AXE_VERSION + " is not on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      script("window.scrollTo(0, 0);");
      byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
      Files.write(SCREENSHOTS.resolve("console-" + name + ".png"), png);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    driver.quit();
    try (var files = Files.walk(profile)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A leftover temporary profile harms nothing.
    }
  }
}
