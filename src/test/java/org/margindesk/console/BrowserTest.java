package org.margindesk.console;

import io.quarkus.test.common.http.TestHTTPResource;
import jakarta.inject.Inject;
import java.net.URL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.margindesk.api.task.TaskFixtures;
import org.margindesk.service.LifecycleFixtures;

/**
 * What the console's browser tests share: one headless Chromium for the class, and the fixtures
 * that make calls and tasks for it to look at.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BrowserTest {
  @Inject LifecycleFixtures lifecycle;
  @Inject TaskFixtures tasks;

  @TestHTTPResource("/")
  URL base;

  Browser browser;

  @BeforeAll
  void startBrowser() {
    browser = new Browser(base);
  }

  @AfterAll
  void closeBrowser() {
    browser.close();
  }
}
